/**
 * One record needing attention: why, in the user's words, and what to do. A refused
 * record opens its form to be fixed (the fixed save is a new change that replaces the
 * refused one) or is discarded once confirmed: the server closes the refusal and answers
 * its own version, which the phone puts back (or the record goes, if the server never
 * had it). One the server kept for a supervisor of the centre its case moved to waits for
 * their decision (data/moved-case-work.ts). A conflict opens its record, or is hidden
 * from this phone.
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useDb } from '@/components/app-context'
import { rejectionReasons } from '@/components/rejection-reasons'
import { discardRefused, hideConflict, type AttentionItem } from '@/data/attention'
import { keptForCaseSite } from '@/data/moved-case-work'
import type { AdminProblem } from '@/sync/admin-api'
import { fixable, fixPath, recordLabel } from './record-label'
import { useProblemsApi } from './use-attention'
import { BusyButton } from '@/components/busy-button'

export type Outcome = 'restored' | 'removed' | 'changed' | 'hidden'

interface Props {
  item: AttentionItem
  onDone(outcome: Outcome): void
}

export function AttentionEntry({ item, onDone }: Props) {
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const headingId = `attention-${item.recordId}`
  const fix = fixable(item) ? fixPath(item) : undefined
  return (
    <article className="attention-item" aria-labelledby={headingId}>
      <h2 id={headingId}>{recordLabel(t, item, lang)}</h2>
      {item.state === 'rejected' ? (
        <>
          <p className="sync-problem">
            <span aria-hidden="true">⚠ </span>
            {t('attention.refused')}
          </p>
          <ul className="attention-reasons">
            {rejectionReasons(t, item.errors).map((reason) => (
              <li key={reason}>{reason}</li>
            ))}
          </ul>
          <p>
            {t(fix ? 'attention.fixHint' : keptForCaseSite(item.errors) ? 'attention.keptHint' : 'attention.cannotFix')}
          </p>
          <div className="form-actions">
            {fix && (
              <Link to={fix} className="button primary">
                {t('attention.fix')}
              </Link>
            )}
            <DiscardChange item={item} onDone={onDone} />
          </div>
        </>
      ) : (
        <>
          <p className="sync-problem">
            <span aria-hidden="true">⚠ </span>
            {t('attention.conflict')}
          </p>
          <div className="form-actions">
            {fixPath(item) && (
              <Link to={openPath(item)} className="button">
                {t('attention.open')}
              </Link>
            )}
            <HideConflict item={item} onDone={onDone} />
          </div>
        </>
      )}
    </article>
  )
}

/** A conflict opens the record itself (a case's page, not its form). */
function openPath(item: AttentionItem): string {
  const path = fixPath(item) ?? '/'
  return item.entity === 'registration' ? path.replace(/\/edit$/, '') : path
}

function DiscardChange({ item, onDone }: Props) {
  const { t } = useTranslation()
  const db = useDb()
  const api = useProblemsApi()
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<AdminProblem | null>(null)
  const discard = async () => {
    setBusy(true)
    setProblem(null)
    const answer = await api.discardRejection(item.entity, item.recordId)
    // 404: the server holds no refusal of it (an older server): a record it never had can
    // still go, one it has needs the server's version back
    if (!answer.ok && (answer.problem.kind !== 'not_found' || item.syncedRev > 0)) {
      setBusy(false)
      setProblem(answer.problem)
      return
    }
    const server = answer.ok ? answer.value.record : null
    onDone(await discardRefused(db, item.entity, item.recordId, server))
  }
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {t('attention.discard')}
      </button>
    )
  }
  const questionId = `discard-${item.recordId}`
  return (
    <div role="alertdialog" aria-labelledby={questionId} className="notice">
      <p id={questionId}>
        {item.syncedRev > 0 ? t('attention.discardQuestionServer') : t('attention.discardQuestionNew')}
      </p>
      {problem && (
        <p className="form-problem" role="alert">
          <span aria-hidden="true">⚠ </span>
          {t(problemKey(problem))}
        </p>
      )}
      <div className="form-actions">
        <BusyButton className="primary" busy={busy} onClick={() => void discard()}>
          {busy ? t('attention.discarding') : t('attention.confirmDiscard')}
        </BusyButton>
        <button type="button" onClick={() => setAsking(false)} autoFocus>
          {t('attention.cancel')}
        </button>
      </div>
    </div>
  )
}

function problemKey(problem: AdminProblem): string {
  if (problem.kind === 'offline') return 'attention.needsConnection'
  if (problem.kind === 'unauthenticated') return 'attention.signInAgain'
  return 'attention.failed'
}

function HideConflict({ item, onDone }: Props) {
  const { t } = useTranslation()
  const db = useDb()
  const [asking, setAsking] = useState(false)
  if (!asking) {
    return (
      <button type="button" onClick={() => setAsking(true)}>
        {t('attention.hide')}
      </button>
    )
  }
  const questionId = `hide-${item.recordId}`
  const hide = async () => onDone((await hideConflict(db, item.entity, item.recordId)) ? 'hidden' : 'changed')
  return (
    <div role="alertdialog" aria-labelledby={questionId} className="notice">
      <p id={questionId}>{t('attention.hideQuestion')}</p>
      <div className="form-actions">
        <button type="button" className="primary" onClick={() => void hide()}>
          {t('attention.confirmHide')}
        </button>
        <button type="button" onClick={() => setAsking(false)} autoFocus>
          {t('attention.cancel')}
        </button>
      </div>
    </div>
  )
}
