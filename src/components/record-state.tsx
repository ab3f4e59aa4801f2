/**
 * A record's state in words and an icon, never colour alone: saved on this
 * phone → sent (only once the server acknowledged it) → or needs attention, with why.
 */
import { useTranslation } from 'react-i18next'
import type { LocalRecord } from '@/data/records'
import { rejectionReasons } from './rejection-reasons'

const ICONS = { pending: '◷', sent: '✓', attention: '⚠' } as const

export function RecordState({ record }: { record: Pick<LocalRecord, 'state' | 'errors'> }) {
  const { t } = useTranslation()
  const kind = record.state === 'pending' ? 'pending' : record.state === 'sent' ? 'sent' : 'attention'
  const reason =
    record.state === 'conflict'
      ? t('state.conflictReason')
      : record.state === 'rejected'
        ? [t('state.rejectedReason'), ...rejectionReasons(t, record.errors ?? [])].join(' ')
        : null
  return (
    <span className={`record-state state-${kind}`}>
      <span className="state-word">
        <span aria-hidden="true" className="state-icon">
          {ICONS[kind]}
        </span>{' '}
        {t(`state.${kind}`)}
      </span>
      {reason && <span className="state-reason"> — {reason}</span>}
    </span>
  )
}
