/** "Delete this tally", asked twice: the tally goes (here, and on the server at the next sync) only once confirmed. */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

export function DeleteTally({ onDelete }: { onDelete(): Promise<void> }) {
  const { t } = useTranslation()
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
      <p id="delete-tally-question">{t('tally.deleteQuestion')}</p>
      {failed && (
        <p className="form-problem" role="alert">
          {t('tally.deleteFailed')}
        </p>
      )}
      <div className="form-actions">
        <button type="button" className="danger" onClick={() => void confirm()} disabled={busy}>
          {t('tally.deleteConfirm')}
        </button>
        <button type="button" onClick={() => setAsking(false)} autoFocus>
          {t('tally.deleteCancel')}
        </button>
      </div>
    </div>
  )
}
