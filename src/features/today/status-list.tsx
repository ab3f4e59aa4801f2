/**
 * The FMP's closures and no-flow periods that touch the week, each with its state, and a
 * way to remove one recorded by mistake (a deletion is a change, synced like the others).
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useDb } from '@/components/app-context'
import { formatDay, formatSiteTime } from '@/components/dates'
import { RecordState } from '@/components/record-state'
import { deleteRecord } from '@/data/delete-record'
import { forwardArrow } from '@/i18n/languages'
import type { LocalRecord } from '@/data/records'

export function StatusList({ statuses, labelledBy }: { statuses: LocalRecord<'fmpStatus'>[]; labelledBy: string }) {
  const { t, i18n } = useTranslation()
  const db = useDb()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const [failed, setFailed] = useState(false)
  const when = (iso: string) => `${formatDay(iso, lang)} ${formatSiteTime(iso)}`

  async function remove(id: string) {
    setFailed(false)
    try {
      await deleteRecord(db, 'fmpStatus', id)
    } catch {
      setFailed(true)
    }
  }

  if (statuses.length === 0) return null
  return (
    <>
      {failed && (
        <p className="form-problem" role="alert">
          {t('today.status.removeFailed')}
        </p>
      )}
      <ul aria-labelledby={labelledBy} className="status-list">
        {statuses.map(({ id, data, state, errors }) => (
          <li key={id} className="record-row">
            <p className="record-title">
              {t(`today.status.kinds.${data.kind}`)} · {when(data.from)} {forwardArrow(lang)} {when(data.to)}
            </p>
            {data.reason && <p className="record-meta">{data.reason}</p>}
            <RecordState record={{ state, errors }} />
            <button type="button" className="button" onClick={() => void remove(id)}>
              {t('today.status.remove')}
            </button>
          </li>
        ))}
      </ul>
    </>
  )
}
