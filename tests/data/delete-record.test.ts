import { describe, expect, it } from 'vitest'
import { deleteRecord } from '@/data/delete-record'
import { getRecord, saveRecord } from '@/data/records'
import { applyPushResults } from '@/data/acknowledge'
import { flowCount } from '../helpers/records'
import { freshDb } from './fixtures'

describe('deleteRecord', () => {
  it('removes the record and queues a delete behind its queued create', async () => {
    const db = freshDb()
    const tally = flowCount()
    await saveRecord(db, 'flowCount', tally)
    expect(await deleteRecord(db, 'flowCount', tally.id)).toBe(true)
    expect(await getRecord(db, 'flowCount', tally.id)).toBeUndefined()
    const entries = await db.outbox.orderBy('seq').toArray()
    expect(entries.map((e) => [e.op, e.recordId, e.baseRev])).toEqual([
      ['upsert', tally.id, 0],
      ['delete', tally.id, 0],
    ])
    expect(entries[1]).toMatchObject({ entity: 'flowCount', status: 'queued', changedFields: [], by: db.userId })
    expect(entries[1]?.data).toBeUndefined()
  })

  it('deletes from the rev the server acknowledged', async () => {
    const db = freshDb()
    const tally = flowCount()
    await saveRecord(db, 'flowCount', tally)
    const entries = await db.outbox.toArray()
    await applyPushResults(db, entries, [{ mutationId: entries[0]!.mutationId, status: 'applied', rev: 3 }])
    expect(await db.outbox.count()).toBe(0)
    await deleteRecord(db, 'flowCount', tally.id)
    expect(await db.outbox.toArray()).toMatchObject([{ op: 'delete', recordId: tally.id, baseRev: 3 }])
  })

  it('sends nothing for a record the server refused every time', async () => {
    const db = freshDb()
    const tally = flowCount()
    await saveRecord(db, 'flowCount', tally)
    const entries = await db.outbox.toArray()
    const errors = [{ path: ['siteCode'], code: 'forbidden', message: 'no' }]
    await applyPushResults(db, entries, [{ mutationId: entries[0]!.mutationId, status: 'rejected', errors }])
    expect(await db.outbox.toArray()).toMatchObject([{ status: 'parked' }])
    await deleteRecord(db, 'flowCount', tally.id)
    expect(await getRecord(db, 'flowCount', tally.id)).toBeUndefined()
    expect(await db.outbox.count()).toBe(0)
  })

  it('answers false for a record the phone does not hold', async () => {
    const db = freshDb()
    expect(await deleteRecord(db, 'flowCount', flowCount().id)).toBe(false)
    expect(await db.outbox.count()).toBe(0)
  })
})
