/** "Discard draft", asked twice: what was typed goes only once the user confirms (every form with a draft). */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

export function DiscardDraft({ label, onDiscard }: { label: string; onDiscard(): Promise<void> }) {
  const { t } = useTranslation()
  const [asking, setAsking] = useState(false)
  if (!asking) {
    return (
      <p>
        <button type="button" className="link-button" onClick={() => setAsking(true)}>
          {label}
        </button>
      </p>
    )
  }
  return (
    <div role="alertdialog" aria-labelledby="discard-question" className="notice">
      <p id="discard-question">{t('drafts.discardQuestion')}</p>
      <div className="form-actions">
        <button type="button" className="primary" onClick={() => void onDiscard()}>
          {t('drafts.discardConfirm')}
        </button>
        <button type="button" onClick={() => setAsking(false)} autoFocus>
          {t('drafts.discardCancel')}
        </button>
      </div>
    </div>
  )
}
