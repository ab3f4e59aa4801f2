/**
 * Above every screen while the server answers `401 account_disabled` (sync-status.ts):
 * an admin disabled the account. Signing in again cannot help, so the app does not ask
 * for it: it says what is safe, what waits on the phone and who can change it. The
 * waiting records stay encrypted on the phone and the engine keeps trying: the same
 * token works again once the account is enabled.
 */
import { useTranslation } from 'react-i18next'
import { useSyncSummary } from './use-sync-summary'

export function AccountDisabledNotice() {
  const { t } = useTranslation()
  const summary = useSyncSummary()
  if (!summary?.status.accountDisabled) return null
  return (
    <div className="banner" role="alert">
      <p>
        <span aria-hidden="true">⚠ </span>
        {t('sync.accountDisabled.notice')}
      </p>
      <p>
        {summary.waiting > 0
          ? t('sync.accountDisabled.waiting', { count: summary.waiting })
          : t('sync.accountDisabled.nothingWaiting')}
      </p>
      <p>{t('sync.accountDisabled.ask')}</p>
    </div>
  )
}
