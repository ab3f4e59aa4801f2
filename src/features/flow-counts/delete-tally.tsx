/**
 * "Delete this tally", asked twice: the tally goes (here, and on the server at the next
 * sync) only once confirmed. The question names the tally as saved (time, direction,
 * transport, people), as Today's list does, whatever is being changed in the form above.
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCodeLabel } from '@/components/code-options'
import { formatSiteTime } from '@/components/dates'
import type { FlowCount } from '@/shared/schemas/flow-count'
import { BusyButton } from '@/components/busy-button'

type Named = Pick<FlowCount, 'observedAt' | 'direction' | 'transport' | 'total'>

export function DeleteTally({ tally, onDelete }: { tally: Named; onDelete(): Promise<void> }) {
  const { t } = useTranslation()
  const codeLabel = useCodeLabel()
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [failed, setFailed] = useState(false)

  async function confirm() {
    setBusy(true)
    setFailed(false)
    try {
      await onDelete()
    } catch {
      setFailed(true)
      setBusy(false)
    }
  }

  if (!asking) {
    return (
      <p className="tally-delete">
        <button type="button" className="danger" onClick={() => setAsking(true)}>
          {t('tally.delete')}
        </button>
      </p>
    )
  }
  return (
    <div role="alertdialog" aria-labelledby="delete-tally-question" className="notice tally-delete">
      <p id="delete-tally-question">
        {t('tally.deleteQuestion', {
          tally: [
            formatSiteTime(tally.observedAt),
            codeLabel('direction', tally.direction),
            codeLabel('transport', tally.transport),
            t('tally.peopleCount', { count: tally.total }),
          ].join(' · '),
        })}
      </p>
      {failed && (
        <p className="form-problem" role="alert">
          {t('tally.deleteFailed')}
        </p>
      )}
      <div className="form-actions">
        <BusyButton className="danger" onClick={() => void confirm()} busy={busy}>
          {t('tally.deleteConfirm')}
        </BusyButton>
        <button type="button" onClick={() => setAsking(false)} autoFocus>
          {t('tally.deleteCancel')}
        </button>
      </div>
    </div>
  )
}
