/**
 * The count of records needing attention, read live (the sync chip and the home screen's
 * link): it follows a record refused, in conflict and fixed, and a save of a pending
 * record, which changes nothing of it, does not read it again.
 */
import { liveQuery } from 'dexie'
import { describe, expect, it } from 'vitest'
import { attentionCount } from '@/data/attention'
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
})
