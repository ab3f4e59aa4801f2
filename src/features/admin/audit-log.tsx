/**
 * Audit log (admins): who signed in, read case files, exported or changed what, newest
 * first, in words, in Niger time; a kind of action to show (filtered by the server), and
 * older entries a page at a time. It says only what the log holds: codes, counts and ids,
 * never a password nor what a record says.
 */
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDay, formatSiteTime } from '@/components/dates'
import type { AuditEntryRead } from '@/sync/audit-api'
import { auditWords } from './audit-words'
import { ProblemMessage } from './problem-message'
import { AUDIT_KINDS, useAuditLog, type AuditKind } from './use-audit-log'
import './admin.css'
import './audit-log.css'

const KINDS = Object.keys(AUDIT_KINDS) as AuditKind[]

export function AuditLog() {
  const { t } = useTranslation()
  const [kind, setKind] = useState<AuditKind>('all')
  const { state, older, reload, loadOlder } = useAuditLog(kind)
  // where the page being added starts: focus goes to its first entry once drawn
  const focusFrom = useRef<number | null>(null)
  useEffect(() => {
    const from = focusFrom.current
    if (from === null || state.status !== 'ok') return
    const first = state.value.entries[from]
    if (!first) return
    focusFrom.current = null
    document.getElementById(entryId(first.id))?.focus()
  }, [state])

  const refresh = () => {
    focusFrom.current = null
    reload()
  }
  const choose = (next: AuditKind) => {
    setKind(next)
    refresh()
  }
  const showOlder = () => {
    if (state.status === 'ok') focusFrom.current = state.value.entries.length
    void loadOlder()
  }

  return (
    <section aria-labelledby="audit-title" className="record-list admin audit-log">
      <div className="list-head">
        <h1 id="audit-title">{t('admin.audit.title')}</h1>
        {state.status !== 'loading' && (
          <button type="button" onClick={refresh}>
            {t('admin.audit.refresh')}
          </button>
        )}
      </div>
      <p className="hint">{t('admin.audit.intro')}</p>
      <div className="field">
        <label htmlFor="audit-kind">{t('admin.audit.show')}</label>
        <select id="audit-kind" value={kind} onChange={(e) => choose(e.target.value as AuditKind)}>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`admin.audit.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'problem' && <ProblemMessage problem={state.problem} onRetry={refresh} />}
      {state.status === 'ok' && state.value.entries.length === 0 && (
        <p>{t(kind === 'all' ? 'admin.audit.empty' : 'admin.audit.emptyKind')}</p>
      )}
      {state.status === 'ok' && state.value.entries.length > 0 && (
        <>
          <ol aria-labelledby="audit-title" className="audit-entries">
            {state.value.entries.map((entry) => (
              <AuditRow key={entry.id} entry={entry} />
            ))}
          </ol>
          {older.status === 'problem' ? (
            <ProblemMessage problem={older.problem} onRetry={showOlder} />
          ) : state.value.next !== null ? (
            <button type="button" onClick={showOlder} disabled={older.status === 'loading'}>
              {t(older.status === 'loading' ? 'admin.audit.loadingOlder' : 'admin.audit.older')}
            </button>
          ) : (
            <p className="hint">{t('admin.audit.end')}</p>
          )}
        </>
      )}
    </section>
  )
}

const entryId = (id: string) => `audit-${id}`

function AuditRow({ entry }: { entry: AuditEntryRead }) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const words = auditWords(t, entry, lang)
  return (
    <li className="record-row audit-entry">
      <h2 className="record-title" id={entryId(entry.id)} tabIndex={-1}>
        {words.what}
      </h2>
      <p className="record-meta">
        <time dateTime={entry.at}>
          {t('admin.audit.at', { day: formatDay(entry.at, lang), time: formatSiteTime(entry.at) })}
        </time>
        {' · '}
        {who(t, entry)}
      </p>
      {words.on.map((line) => (
        <p key={line} className="record-meta">
          {line}
        </p>
      ))}
    </li>
  )
}

function who(t: ReturnType<typeof useTranslation>['t'], entry: AuditEntryRead): string {
  if (entry.actor) return t('admin.audit.who', { name: entry.actor.name, role: t(`codes.role.${entry.actor.role}`) })
  if (entry.actorUserId) return t('admin.audit.unknownUser', { id: entry.actorUserId })
  return t(entry.action === 'sign_in_failed' ? 'admin.audit.notSignedIn' : 'admin.audit.server')
}
