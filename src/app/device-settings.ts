/**
 * The settings screen's view of the device: per-device settings saved through the
 * session module, applied at once (the idle lock, the retention of closed cases), and
 * the browser's storage as services report it.
 */
import { useMemo } from 'react'
import type { RelaisDb } from '@/data/db'
import type { DeviceSettings } from '@/features/settings/device-settings'
import type { AppServices } from './services'

export function useDeviceSettings(
  services: AppServices,
  db: RelaisDb,
  applyIdleLock: (minutes: number) => void,
): DeviceSettings {
  return useMemo(
    () => ({
      async load() {
        const [idleLockMinutes, retentionDays] = await Promise.all([
          services.idleLockMinutes(),
          services.retentionDays(),
        ])
        return { idleLockMinutes, retentionDays }
      },
      async save({ idleLockMinutes, retentionDays }) {
        await services.saveIdleLockMinutes(idleLockMinutes)
        await services.saveRetentionDays(db, retentionDays)
        applyIdleLock(idleLockMinutes)
      },
      storageEstimate: () => services.storageEstimate(),
      storagePersisted: () => services.storagePersisted(),
      changePassphrase: (newPassphrase) => services.changePassphrase(db.userId, newPassphrase),
    }),
    [services, db, applyIdleLock],
  )
}
