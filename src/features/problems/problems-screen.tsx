/**
 * Problems (route `problems`, supervisors and admins): one list of what is stuck at their
 * sites — records the server refused, records it could no longer read, open conflicts
 * resolved here field by field — and possible duplicate persons to merge or tell apart
 * (duplicates-section.tsx). Read from the server: needs a connection.
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DuplicatesSection } from './duplicates-section'
import { ProblemEntry } from './problem-entry'
import { problemKey } from './problem-words'
import { useProblems } from './use-problems'
import './problems.css'

export function ProblemsScreen() {
  const { t } = useTranslation()
  const { state, reload, drop } = useProblems()
  const [resolved, setResolved] = useState(false)
  const refresh = () => {
    setResolved(false)
    reload()
  }
  return (
    <section aria-labelledby="problems-title" className="problems">
      <h1 id="problems-title">{t('problems.title')}</h1>
      <p>{t('problems.intro')}</p>
      <p>
        <button type="button" onClick={refresh} disabled={state.status === 'loading'}>
          {t('problems.refresh')}
        </button>
      </p>
      {resolved && (
        <p className="notice" role="status">
          {t('problems.resolved')}
        </p>
      )}
      {state.status === 'loading' && <p>{t('problems.loading')}</p>}
      {state.status === 'problem' && (
        <div role="alert">
          <p className="form-problem">
            <span aria-hidden="true">⚠ </span>
            {t(problemKey(state.problem))}
          </p>
          <button type="button" onClick={refresh}>
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
              onResolved={(key) => {
                drop(key)
                setResolved(true)
              }}
            />
          ))
        ))}
      <DuplicatesSection />
    </section>
  )
}
