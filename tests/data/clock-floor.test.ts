/** The floor of the real time (clock-floor.ts): carried forward by the monotonic clock, stored per sync. */
import { describe, expect, it } from 'vitest'
import { ClockFloorTracker, getClockFloor, raiseClockFloor } from '@/data/clock-floor'
import { freshDb } from './fixtures'

const HOUR = 3_600_000
const SYNC = '2026-12-07T10:00:00.000Z'
const AT_SYNC = Date.parse(SYNC)

describe('clock floor', () => {
  it('carries the floor forward by the monotonic clock, never back', () => {
    let mono = 1_000
    const tracker = new ClockFloorTracker(() => mono)
    expect(tracker.current(SYNC)).toBeNull()
    expect(tracker.observe(SYNC, AT_SYNC)).toBe(AT_SYNC)
    mono += 4 * HOUR
    expect(tracker.current(SYNC)).toBe(AT_SYNC + 4 * HOUR)
    // the sync's own time, told again, does not take the floor back
    expect(tracker.observe(SYNC, AT_SYNC)).toBe(AT_SYNC + 4 * HOUR)
    // a stored floor further on (an earlier page's) carries on from there
    expect(tracker.observe(SYNC, AT_SYNC + 6 * HOUR)).toBe(AT_SYNC + 6 * HOUR)
    mono += HOUR
    expect(tracker.current(SYNC)).toBe(AT_SYNC + 7 * HOUR)
    // another sync starts again from its own time
    expect(tracker.current('2026-12-07T12:00:00.000Z')).toBeNull()
  })

  it('stores the furthest floor of a sync, and a new sync’s in place of an older one’s', async () => {
    const db = freshDb()
    expect(await getClockFloor(db)).toBeNull()
    await raiseClockFloor(db, { from: SYNC, at: '2026-12-07T14:00:00.000Z' })
    // another tab, whose page knew less
    await raiseClockFloor(db, { from: SYNC, at: '2026-12-07T11:00:00.000Z' })
    expect(await getClockFloor(db)).toEqual({ from: SYNC, at: '2026-12-07T14:00:00.000Z' })
    // a later sync, whose server said an earlier time (its clock set right): its floor stands
    await raiseClockFloor(db, { from: '2026-12-07T13:00:00.000Z', at: '2026-12-07T13:00:00.000Z' })
    expect(await getClockFloor(db)).toEqual({ from: '2026-12-07T13:00:00.000Z', at: '2026-12-07T13:00:00.000Z' })
  })
})
