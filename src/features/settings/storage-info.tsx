/** How much of the phone's storage Relais uses, and whether the browser may clear it. */
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DeviceSettings } from './device-settings'
import { formatBytes } from './format-bytes'

interface StorageState {
  use: { usage: number; quota: number } | null
  persisted: boolean | null
}

export function StorageInfo({ settings }: { settings: DeviceSettings }) {
  const { t, i18n } = useTranslation()
  const [state, setState] = useState<StorageState | null>(null)
  useEffect(() => {
    let cancelled = false
    void Promise.all([
      settings.storageEstimate().catch(() => null),
      settings.storagePersisted().catch(() => null),
    ]).then(([use, persisted]) => {
      if (!cancelled) setState({ use, persisted })
    })
    return () => {
      cancelled = true
    }
  }, [settings])

  const lang = i18n.resolvedLanguage ?? 'fr'
  const size = (bytes: number) => {
    const { value, unit } = formatBytes(bytes, lang)
    return `${value} ${t(`settings.units.${unit}`)}`
  }
  return (
    <section aria-labelledby="settings-storage" className="storage-info">
      <h2 id="settings-storage">{t('settings.storageTitle')}</h2>
      {state === null ? (
        <p role="status">{t('app.loading')}</p>
      ) : (
        <>
          <p>
            {state.use
              ? t('settings.storageUse', { used: size(state.use.usage), quota: size(state.use.quota) })
              : t('settings.storageUnknown')}
          </p>
          <p>
            <span aria-hidden="true">{state.persisted ? '✓ ' : '⚠ '}</span>
            {state.persisted === true
              ? t('settings.persistGranted')
              : state.persisted === false
                ? t('settings.persistRefused')
                : t('settings.persistUnknown')}
          </p>
        </>
      )}
    </section>
  )
}
