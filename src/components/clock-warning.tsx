/**
 * Warns when this phone's clock is far from the server's: the day of a tally and its time
 * come from the phone's clock, so a clock ten minutes off or more files counts under the
 * wrong hour, or the wrong day. The sync engine keeps the server's `Date` beside the
 * phone's clock at the last answer (sync-status.ts `serverClock`). Between syncs the phone
 * knows a time the real clock has certainly passed (data/clock-floor.ts: the server's time
 * carried forward by the monotonic clock while the app was open, across reloads): a clock
 * set back below it since the sync is caught, and a clock ahead at the sync and set right
 * since is no longer warned of. A clock set forward since the sync cannot be told from a
 * phone that slept (the monotonic clock may stop then): the next sync's answer tells.
 * Says nothing before the first sync.
 */
import { useEffect, useState } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { useDb } from '@/components/app-context'
import { ClockFloorTracker, getClockFloor, raiseClockFloor, type ClockFloor } from '@/data/clock-floor'
import { getSyncStatus, type ServerClock } from '@/data/sync-status'

/** How far apart the clocks may be before the warning shows. */
export const CLOCK_TOLERANCE_MS = 10 * 60_000

/** How often a shown warning reads the clocks again, and the floor is stored. */
const LOOK_AGAIN_MS = 60_000

/**
 * How far the phone's clock seems off (ms; positive: behind the server), or null when
 * within the tolerance or unknown. `floorMs`: a time the real clock has certainly passed
 * now (clock-floor.ts), if known beyond the sync's server time.
 */
export function clockOffset(
  clock: ServerClock | undefined,
  now: Date = new Date(),
  floorMs: number | null = null,
): number | null {
  if (!clock) return null
  const server = Date.parse(clock.serverTime)
  const device = Date.parse(clock.deviceTime)
  if (Number.isNaN(server) || Number.isNaN(device)) return null
  const atSync = server - device
  const floor = Math.max(server, floorMs ?? server)
  // behind by at least this: the phone now says a time the real clock has already passed
  const behindNow = floor - now.getTime()
  // a clock behind at the sync stays warned of: the phone knows no time the real clock has
  // not yet reached, so it cannot tell that clock set right from one still behind
  const behind = Math.max(atSync, behindNow)
  if (behind > CLOCK_TOLERANCE_MS) return behind
  if (atSync < -CLOCK_TOLERANCE_MS) {
    // ahead at the sync, by no more than it is past the floor now: within the tolerance of
    // the floor, it was set right since
    const aheadAtMost = now.getTime() - floor
    return aheadAtMost > CLOCK_TOLERANCE_MS ? -Math.min(-atSync, aheadAtMost) : null
  }
  return null
}

/** One per page: performance.now() counts from the page's start. */
const tracker = new ClockFloorTracker()

/** The floor now for the sync `clock` tells of, from what this page and the stored floor know. */
function floorNow(clock: ServerClock, stored: ClockFloor | null | undefined): number | null {
  const server = Date.parse(clock.serverTime)
  if (Number.isNaN(server)) return null
  tracker.observe(clock.serverTime, server)
  const storedAt = stored?.from === clock.serverTime ? Date.parse(stored.at) : NaN
  return Number.isNaN(storedAt) ? tracker.current(clock.serverTime) : tracker.observe(clock.serverTime, storedAt)
}

/** The warning, or nothing while the clocks agree. */
export function ClockWarning() {
  const { t } = useTranslation()
  const db = useDb()
  const clock = useLiveQuery(async () => (await getSyncStatus(db)).serverClock, [db])
  const stored = useLiveQuery(() => getClockFloor(db), [db])
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), LOOK_AGAIN_MS)
    return () => clearInterval(timer)
  }, [])
  const from = clock?.serverTime
  // stored at each look, not at each drawing: the stored floor's change draws it again
  useEffect(() => {
    const floor = from === undefined ? null : tracker.current(from)
    if (from !== undefined && floor !== null) {
      void raiseClockFloor(db, { from, at: new Date(floor).toISOString() }).catch(() => undefined)
    }
  }, [db, from, now])
  const offset = clockOffset(clock, now, clock ? floorNow(clock, stored) : null)
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
