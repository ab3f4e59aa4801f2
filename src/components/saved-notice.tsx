import { useTranslation } from 'react-i18next'

/** The confirmation after a save: announced, and worded as the record's first state. */
export function SavedNotice({ show, message }: { show: boolean; message?: string }) {
  const { t } = useTranslation()
  return (
    <div role="status" aria-live="polite" className="saved-region">
      {show && (
        <p className="saved-notice">
          <span aria-hidden="true">✓ </span>
          {message ?? t('form.savedOnPhone')}
        </p>
      )}
    </div>
  )
}
