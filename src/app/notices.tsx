/** Banners above every signed-in screen: storage nearly full, vault reset. */
import { useTranslation } from 'react-i18next'

export function StorageNotice({ percent }: { percent: number }) {
  const { t } = useTranslation()
  return (
    <p className="banner" role="alert">
      <span aria-hidden="true">⚠ </span>
      {t('lock.storageHigh', { percent })}
    </p>
  )
}

export function VaultResetNotice() {
  const { t } = useTranslation()
  return (
    <p className="banner" role="alert">
      <span aria-hidden="true">⚠ </span>
      {t('lock.vaultReset')}
    </p>
  )
}
