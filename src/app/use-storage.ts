/** The phone's storage as the app watches it: a warning when the quota is nearly used. */
import { useEffect, useState } from 'react'
import type { AppServices } from './services'

/** The share of the quota in use, in percent, when above 80 %; null otherwise. */
export function useStorageHigh(services: AppServices): number | null {
  const [percent, setPercent] = useState<number | null>(null)
  useEffect(() => {
    let cancelled = false
    void services
      .storageEstimate()
      .catch(() => null)
      .then((use) => {
        if (cancelled || !use) return
        const share = Math.round((use.usage / use.quota) * 100)
        setPercent(share > 80 ? share : null)
      })
    return () => {
      cancelled = true
    }
  }, [services])
  return percent
}
