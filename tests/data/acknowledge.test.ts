import { describe, expect, it } from 'vitest'
import { applyPushResults } from '@/data/acknowledge'
import { listParked, parkedCount, pendingCount } from '@/data/outbox'
import { getRecord, saveRecord } from '@/data/records'
import type { PushResult } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { freshDb } from './fixtures'

async function savedOnce() {
  const db = freshDb()
  const { data } = await saveRecord(db, 'registration', namedRegistration())
  if (!data.consentProcessing) throw new Error('expected a named registration')
  const entries = await db.outbox.toArray()
  const answer = (result: Omit<PushResult, 'mutationId'>) =>
    applyPushResults(db, entries, [{ mutationId: entries[0]!.mutationId, ...result }])
  return { db, data, entries, answer }
}

describe('applyPushResults', () => {
  it('removes an applied entry and records the rev', async () => {
    const { db, data, answer } = await savedOnce()
    expect(await answer({ status: 'applied', rev: 1 })).toEqual({ answered: 1, rejected: 0 })
    expect(await db.outbox.count()).toBe(0)
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({ syncedRev: 1, state: 'sent', data })
  })

  it.each(['merged', 'duplicate'] as const)("stores the server's data for %s", async (status) => {
    const { db, data, answer } = await savedOnce()
    const server = { ...data, familyName: 'Touré' }
    await answer({ status, rev: 4, data: server })
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({ syncedRev: 4, state: 'sent', data: server })
  })

  it("marks a conflict and keeps the server's version", async () => {
    const { db, data, answer } = await savedOnce()
    const server = { ...data, givenName: 'Fatima' }
    await answer({ status: 'conflict', rev: 2, data: server })
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({
      syncedRev: 2,
      state: 'conflict',
      data: server,
    })
    expect(await db.outbox.count()).toBe(0)
  })

  it('parks a rejected entry with its field errors', async () => {
    const { db, data, answer } = await savedOnce()
    const errors = [{ path: ['nationality'], code: 'invalid', message: 'Unknown country' }]
    expect(await answer({ status: 'rejected', errors })).toEqual({ answered: 1, rejected: 1 })
    expect(await pendingCount(db)).toBe(0)
    expect(await parkedCount(db)).toBe(1)
    expect((await listParked(db))[0]).toMatchObject({ status: 'parked', errors })
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({ state: 'rejected', errors, syncedRev: 0 })
  })

  it('parks a duplicate whose first answer was a rejection', async () => {
    const { db, answer } = await savedOnce()
    await answer({ status: 'duplicate', was: 'rejected' })
    expect(await parkedCount(db)).toBe(1)
  })

  it('keeps a newer local edit made while the batch was in flight', async () => {
    const { db, data, answer } = await savedOnce()
    const newer = { ...data, givenName: 'Aïcha' }
    await saveRecord(db, 'registration', newer)
    await answer({ status: 'merged', rev: 3, data: { ...data, familyName: 'Touré' } })
    const row = await getRecord(db, 'registration', data.id)
    expect(row).toMatchObject({
      state: 'pending',
      syncedRev: 0,
      data: { givenName: 'Aïcha', familyName: data.familyName },
    })
    // the later edit is sent as it was made: same baseRev as the first
    expect(await db.outbox.toArray()).toMatchObject([{ baseRev: 0, data: { givenName: 'Aïcha' }, status: 'queued' }])
  })

  it('drops parked versions once a later edit of the record is accepted', async () => {
    const { db, data, answer } = await savedOnce()
    await answer({ status: 'rejected', errors: [{ path: ['phone'], code: 'invalid' }] })
    await saveRecord(db, 'registration', { ...data, phone: '+227 90 00 00 00' })
    const [fix] = await db.outbox.where('status').equals('queued').toArray()
    await applyPushResults(db, [fix!], [{ mutationId: fix!.mutationId, status: 'applied', rev: 1 }])
    expect(await db.outbox.count()).toBe(0)
    expect(await getRecord(db, 'registration', data.id)).toMatchObject({ state: 'sent', syncedRev: 1 })
    expect((await getRecord(db, 'registration', data.id))?.errors).toBeUndefined()
  })

  it('ignores answers for mutations it did not send', async () => {
    const { db, entries } = await savedOnce()
    expect(await applyPushResults(db, entries, [{ mutationId: 'other', status: 'applied', rev: 1 }])).toEqual({
      answered: 0,
      rejected: 0,
    })
    expect(await pendingCount(db)).toBe(1)
  })
})
