/**
 * Warns when this phone's clock is far from the server's: the day of a tally and its time
 * come from the phone's clock, so a clock ten minutes off or more files counts under the
 * wrong hour, or the wrong day. The sync engine keeps the server's `Date` beside the
 * phone's clock at the last answer (sync-status.ts `serverClock`); a clock set back since
 * then is caught too. Says nothing before the first sync.
 */
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { useDb } from '@/components/app-context'
import { getSyncStatus, type ServerClock } from '@/data/sync-status'

/** How far apart the clocks may be before the warning shows. */
export const CLOCK_TOLERANCE_MS = 10 * 60_000

/**
 * How far the phone's clock seems off (ms; positive: behind the server), or null when
 * within the tolerance or unknown.
 */
export function clockOffset(clock: ServerClock | undefined, now: Date = new Date()): number | null {
  if (!clock) return null
  const server = Date.parse(clock.serverTime)
  const device = Date.parse(clock.deviceTime)
  if (Number.isNaN(server) || Number.isNaN(device)) return null
  const atSync = server - device
  if (Math.abs(atSync) > CLOCK_TOLERANCE_MS) return atSync
  // the phone now says a time before the server's last known one: set back since the sync
  const sinceSync = server - now.getTime()
  return sinceSync > CLOCK_TOLERANCE_MS ? sinceSync : null
}

/** The warning, or nothing while the clocks agree. */
export function ClockWarning() {
  const { t } = useTranslation()
  const db = useDb()
  const clock = useLiveQuery(async () => (await getSyncStatus(db)).serverClock, [db])
  const offset = clockOffset(clock)
  if (offset === null) return null
  const minutes = Math.round(Math.abs(offset) / 60_000)
  const amount =
    minutes < 120
      ? t('today.clock.minutes', { count: minutes })
      : minutes < 48 * 60
        ? t('today.clock.hours', { count: Math.round(minutes / 60) })
        : t('today.clock.days', { count: Math.round(minutes / (24 * 60)) })
  return (
    <div className="clock-warning" role="alert">
      <p>
        <span aria-hidden="true">⚠ </span>
        {offset > 0 ? t('today.clock.behind', { amount }) : t('today.clock.ahead', { amount })}
      </p>
      <p>{t('today.clock.fix')}</p>
    </div>
  )
}
