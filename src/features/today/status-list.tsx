/**
 * The FMP's closures and no-flow periods that touch the week, each with its state, and a
 * way to remove one recorded by mistake, asked twice as a tally's deletion is (a deletion
 * is a change, synced like the others). A removal is said beneath the list's heading,
 * where focus goes once its row is gone.
 */
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDb } from '@/components/app-context'
import { formatDay, formatSiteTime } from '@/components/dates'
import { RecordState } from '@/components/record-state'
import { SavedNotice } from '@/components/saved-notice'
import { deleteRecord } from '@/data/delete-record'
import { forwardArrow } from '@/i18n/languages'
import type { LocalRecord } from '@/data/records'
import type { FmpStatusKind } from '@/shared/schemas/fmp-status'
import { BusyButton } from '@/components/busy-button'

export function StatusList({ statuses, labelledBy }: { statuses: LocalRecord<'fmpStatus'>[]; labelledBy: string }) {
  const { t, i18n } = useTranslation()
  const db = useDb()
  const lang = i18n.resolvedLanguage ?? 'fr'
  /** The period whose removal is being asked. */
  const [asking, setAsking] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)
  const [removed, setRemoved] = useState<FmpStatusKind | null>(null)
  /** Where focus goes once drawn: the heading after a removal, the row's button after "keep it". */
  const [focusTo, setFocusTo] = useState<{ id: string } | null>(null)
  const when = (iso: string) => `${formatDay(iso, lang)} ${formatSiteTime(iso)}`

  useEffect(() => {
    if (focusTo) focusElement(focusTo.id)
  }, [focusTo])

  function ask(id: string) {
    setRemoved(null) // it spoke of the removal before
    setFailed(false)
    setAsking(id)
  }

  async function remove(id: string, kind: FmpStatusKind) {
    setBusy(true)
    setFailed(false)
    try {
      await deleteRecord(db, 'fmpStatus', id)
    } catch {
      setFailed(true)
      return
    } finally {
      setBusy(false)
    }
    setAsking(null)
    setRemoved(kind)
    // its row is gone, and the focus with it
    setFocusTo({ id: labelledBy })
  }

  function keep(id: string) {
    setAsking(null)
    setFocusTo({ id: `status-remove-${id}` })
  }

  return (
    <>
      <SavedNotice show={removed !== null} message={removed ? t(`today.status.removed.${removed}`) : undefined} />
      {statuses.length > 0 && (
        <ul aria-labelledby={labelledBy} className="status-list">
          {statuses.map(({ id, data, state, errors }) => (
            <li key={id} className="record-row">
              <p className="record-title">
                {t(`today.status.kinds.${data.kind}`)} · {when(data.from)} {forwardArrow(lang)} {when(data.to)}
              </p>
              {data.reason && <p className="record-meta">{data.reason}</p>}
              <RecordState record={{ state, errors }} />
              {asking === id ? (
                <div role="alertdialog" aria-labelledby={`status-remove-question-${id}`} className="notice">
                  <p id={`status-remove-question-${id}`}>{t('today.status.removeQuestion')}</p>
                  {failed && (
                    <p className="form-problem" role="alert">
                      {t('today.status.removeFailed')}
                    </p>
                  )}
                  <div className="form-actions">
                    <BusyButton className="button danger" onClick={() => void remove(id, data.kind)} busy={busy}>
                      {t('today.status.removeConfirm')}
                    </BusyButton>
                    <button type="button" className="button" onClick={() => keep(id)} autoFocus>
                      {t('today.status.removeCancel')}
                    </button>
                  </div>
                </div>
              ) : (
                <button type="button" className="button" id={`status-remove-${id}`} onClick={() => ask(id)}>
                  {t('today.status.remove')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  )
}

/** Focuses the element `id` (a heading: by script only). */
function focusElement(id: string) {
  const el = document.getElementById(id)
  if (!el) return
  if (!el.matches('button')) el.tabIndex = -1
  el.focus()
}
