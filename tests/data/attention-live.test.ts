/**
 * The count of records needing attention, read live (the sync chip and the home screen's
 * link): it follows a record refused, in conflict and fixed, and a save of a pending
 * record, which changes nothing of it, does not read it again. The screens share one read.
 */
import { liveQuery } from 'dexie'
import { describe, expect, it, vi } from 'vitest'
import { attentionCount, attentionSnapshot, watchAttentionCount } from '@/data/attention'
import { pendingCount } from '@/data/outbox'
import { saveRecord } from '@/data/records'
import { anonymousRegistration, flowCount } from '../helpers/records'
import { freshDb } from './fixtures'

/** Subscribes to `query` and answers its values as they come, and how many times it ran. */
function follow<T>(query: () => Promise<T>) {
  const values: T[] = []
  let runs = 0
  const waiters: (() => void)[] = []
  const subscription = liveQuery(() => {
    runs += 1
    return query()
  }).subscribe((value) => {
    values.push(value)
    for (const wake of waiters.splice(0)) wake()
  })
  const until = async (check: (latest: T | undefined) => boolean) => {
    while (!check(values[values.length - 1])) await new Promise<void>((resolve) => waiters.push(resolve))
  }
  return { values, runs: () => runs, until, stop: () => subscription.unsubscribe() }
}

describe('attention count, live', () => {
  it('follows records refused, in conflict and fixed, and is not read again when a pending record is saved', async () => {
    const db = freshDb()
    const attention = follow(() => attentionCount(db))
    const waiting = follow(() => pendingCount(db))
    await attention.until((n) => n === 0)
    await waiting.until((n) => n === 0)
    const runsBefore = attention.runs()

    // a tally saved: the queue grows, nothing needs attention
    const tally = await saveRecord(db, 'flowCount', flowCount())
    await waiting.until((n) => n === 1)
    const registration = await saveRecord(db, 'registration', anonymousRegistration())
    await waiting.until((n) => n === 2)
    expect(attention.runs()).toBe(runsBefore)

    // refused by the server, then changed there too: counted at once
    await db.flowCounts.update(tally.id, { state: 'rejected' })
    await attention.until((n) => n === 1)
    await db.registrations.update(registration.id, { state: 'conflict' })
    await attention.until((n) => n === 2)

    // the refused tally fixed (a new save): no longer counted
    await saveRecord(db, 'flowCount', { ...tally.data, departureTown: 'Agadez' })
    await attention.until((n) => n === 1)
    expect(attention.values).toEqual([0, 1, 2, 1])
    attention.stop()
    waiting.stop()
  })

  it('is read once for every screen that follows it, and no more once none does', async () => {
    const db = freshDb()
    // reads of the registrations' state index (each count reads it for each state)
    const tables = Object.getPrototypeOf(db.registrations) as { where(index: string): unknown }
    const where = vi.spyOn(tables, 'where')
    const stateReads = () =>
      where.mock.contexts.filter(
        (table, i) => (table as { name: string }).name === 'registrations' && where.mock.calls[i]?.[0] === 'state',
      ).length
    const chip = vi.fn()
    const stopChip = watchAttentionCount(db, chip)
    await vi.waitFor(() => expect(attentionSnapshot(db).count).toBe(0))
    const reads = stateReads()
    expect(reads).toBeGreaterThan(0)

    // home's tile follows it too: it has the count at once, read by no one again
    const tile = vi.fn()
    const stopTile = watchAttentionCount(db, tile)
    expect(attentionSnapshot(db).count).toBe(0)
    const registration = await saveRecord(db, 'registration', anonymousRegistration())
    await db.registrations.update(registration.id, { state: 'rejected' })
    await vi.waitFor(() => expect(attentionSnapshot(db).count).toBe(1))
    expect(tile).toHaveBeenCalled()
    expect(chip).toHaveBeenCalledTimes(tile.mock.calls.length + 1) // the chip also had the first count
    expect(stateReads()).toBe(reads + 2) // one run more (a read per state), for both

    // the chip goes: the tile still follows; then nothing does, and nothing is read
    stopChip()
    await db.registrations.update(registration.id, { state: 'conflict' })
    await vi.waitFor(() => expect(tile.mock.calls.length).toBeGreaterThan(1))
    stopTile()
    const after = stateReads()
    await db.registrations.update(registration.id, { state: 'sent' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(stateReads()).toBe(after)
    expect(attentionSnapshot(db)).toEqual({})
    where.mockRestore()
  })
})
