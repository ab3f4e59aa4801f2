/**
 * A time the real clock has certainly passed, as far as this phone can know without the
 * server: the server's time at the last sync, carried forward by the time the browser's
 * monotonic clock (performance.now(), which setting the phone's clock does not move)
 * counted while the app was open since. That clock may stop while the phone sleeps but
 * never runs ahead, so the floor stays at or below the real time: a phone clock below it
 * was set back (components/clock-warning.tsx). It is stored, since performance.now()
 * starts again at each page load, and tied to the sync it grew from: a new sync starts
 * it again from the server's new time (a server clock corrected backwards included).
 */
import type { RelaisDb } from './db'

const FLOOR_KEY = 'clockFloor'

export interface ClockFloor {
  /** The time (ISO) the real clock had certainly passed when this was stored. */
  at: string
  /** The server's time at the sync it grew from (`serverClock.serverTime`). */
  from: string
}

export async function getClockFloor(db: RelaisDb): Promise<ClockFloor | null> {
  const value = (await db.meta.get(FLOOR_KEY))?.value as Partial<ClockFloor> | undefined
  return typeof value?.at === 'string' && typeof value.from === 'string' ? { at: value.at, from: value.from } : null
}

/** Stores `floor` unless one grown further from the same sync is stored (another tab's). */
export async function raiseClockFloor(db: RelaisDb, floor: ClockFloor): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const stored = await getClockFloor(db)
    if (stored && stored.from === floor.from && Date.parse(stored.at) >= Date.parse(floor.at)) return
    await db.meta.put({ key: FLOOR_KEY, value: floor })
  })
}

/**
 * Carries the floor forward in this page: each floor it is told (the sync's server time,
 * the stored one) counts from the moment it is told, which is no earlier than when it
 * held, so the floor stays below the real time.
 */
export class ClockFloorTracker {
  private anchor: { from: string; atMs: number; mono: number } | null = null

  constructor(private readonly mono: () => number = () => performance.now()) {}

  /** Takes a floor known now for the sync `from`; answers the floor now. */
  observe(from: string, atMs: number): number {
    const current = this.current(from)
    if (current !== null && current >= atMs) return current
    this.anchor = { from, atMs, mono: this.mono() }
    return atMs
  }

  /** The floor now (ms), or null when nothing was told of the sync `from` in this page. */
  current(from: string): number | null {
    if (!this.anchor || this.anchor.from !== from) return null
    return this.anchor.atMs + Math.max(0, this.mono() - this.anchor.mono)
  }
}
