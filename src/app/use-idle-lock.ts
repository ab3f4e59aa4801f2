/** Locks the app after the per-device idle time without input (default 5 min). */
import { useEffect, useState } from 'react'
import type { AppServices } from './services'

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const
const DEFAULT_MINUTES = 5

/**
 * Arms a timer while `active`, re-armed by any input; it runs out → lockNow. Returns a
 * setter that applies a new idle time at once (the settings screen saved one).
 */
export function useIdleLock(
  active: boolean,
  services: AppServices,
  lockNow: () => Promise<void>,
): (minutes: number) => void {
  const [applied, setApplied] = useState<number | null>(null)
  useEffect(() => {
    if (!active || typeof window === 'undefined') return
    let cancelled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    let ms = (applied ?? DEFAULT_MINUTES) * 60_000
    const arm = () => {
      clearTimeout(timer)
      timer = setTimeout(() => void lockNow(), ms)
    }
    if (applied !== null) arm()
    else
      void services
        .idleLockMinutes()
        .catch(() => DEFAULT_MINUTES)
        .then((minutes) => {
          if (cancelled) return
          ms = minutes * 60_000
          arm()
        })
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, arm, { passive: true })
    return () => {
      cancelled = true
      clearTimeout(timer)
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, arm)
    }
  }, [active, applied, services, lockNow])
  return setApplied
}
