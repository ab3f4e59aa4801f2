/**
 * Problems (route `problems`, supervisors and admins): one list of what is stuck at their
 * sites — records the server refused, records it could no longer read, open conflicts
 * resolved here field by field — and possible duplicate persons to merge or tell apart
 * (duplicates-section.tsx). Read from the server: needs a connection, and loads again
 * by itself when the link comes back.
 */
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ConnectionNeeded } from '@/components/connection-needed'
import { DuplicatesSection } from './duplicates-section'
import { ProblemEntry, type Settled } from './problem-entry'
import { problemKey } from './problem-words'
import { useProblems } from './use-problems'
import './problems.css'

const SETTLED_NOTICE: Record<Settled, string> = {
  resolved: 'problems.resolved',
  accepted: 'problems.settled.accepted',
  discarded: 'problems.settled.discarded',
  closed: 'problems.settled.closed',
}

export function ProblemsScreen() {
  const { t } = useTranslation()
  const { state, reload, drop } = useProblems()
  // how many entries were settled since the last load (each one moves focus to the
  // notice), and which record the last one was and how: the notice says so, and what that means
  const [resolved, setResolved] = useState(0)
  const [settled, setSettled] = useState<{ how: Settled; what: string }>({ how: 'resolved', what: '' })
  const notice = useRef<HTMLParagraphElement>(null)
  const refreshButton = useRef<HTMLButtonElement>(null)
  // a settled entry leaves the list with the control that had focus: the notice takes it, not the page
  useEffect(() => {
    if (resolved > 0) notice.current?.focus()
  }, [resolved])
  const refresh = () => {
    setResolved(0)
    reload()
  }
  return (
    <section aria-labelledby="problems-title" className="problems">
      <h1 id="problems-title">{t('problems.title')}</h1>
      <p>{t('problems.intro')}</p>
      <p>
        {/* never disabled while loading: a disabled button drops the keyboard's focus to the page */}
        <button type="button" ref={refreshButton} onClick={refresh}>
          {t('problems.refresh')}
        </button>
      </p>
      {resolved > 0 && (
        <p className="notice" role="status" tabIndex={-1} ref={notice}>
          {t('problems.settledOn', { what: settled.what, done: t(SETTLED_NOTICE[settled.how]) })}
        </p>
      )}
      {state.status === 'loading' && <p>{t('problems.loading')}</p>}
      {state.status === 'problem' && state.problem.kind === 'offline' && (
        <ConnectionNeeded
          onRetry={() => {
            // Try again goes with the notice: focus waits on Refresh, which stays
            refreshButton.current?.focus()
            refresh()
          }}
          // by itself when the link is back: focus stays where it is
          onReload={refresh}
        />
      )}
      {state.status === 'problem' && state.problem.kind !== 'offline' && (
        <div role="alert">
          <p className="form-problem">
            <span aria-hidden="true">⚠ </span>
            {t(problemKey(state.problem))}
          </p>
          <button
            type="button"
            onClick={() => {
              // this button goes with the alert: focus waits on Refresh, which stays
              refreshButton.current?.focus()
              refresh()
            }}
          >
            {t('problems.retry')}
          </button>
        </div>
      )}
      {state.status === 'ok' &&
        (state.items.length === 0 ? (
          <p>{t('problems.none')}</p>
        ) : (
          state.items.map((item) => (
            <ProblemEntry
              key={item.key}
              item={item}
              onResolved={(key, how, what) => {
                drop(key)
                setSettled({ how, what })
                setResolved((n) => n + 1)
              }}
            />
          ))
        ))}
      <DuplicatesSection />
    </section>
  )
}
