import { describe, expect, it } from 'vitest'
import { ZodError } from 'zod'
import { addRecord, saveRecord, getRecord, listRecords } from '@/data/records'
import { pendingCount } from '@/data/outbox'
import { applyPushResults } from '@/data/acknowledge'
import type { Entity, EntityData } from '@/shared/schemas/entities'
import { anonymousRegistration, flowCount, namedRegistration } from '../helpers/records'
import { answeredSurvey, assistance, freshDb, referral, refusedSurvey } from './fixtures'

const samples: [Entity, () => EntityData[Entity]][] = [
  ['registration', () => namedRegistration()],
  ['registration', () => anonymousRegistration()],
  ['assistance', () => assistance()],
  ['referral', () => referral()],
  ['flowCount', () => flowCount()],
  ['survey', () => refusedSurvey()],
  ['survey', () => answeredSurvey()],
]

describe('saveRecord', () => {
  it.each(samples)('round-trips a %s through the local store', async (entity, make) => {
    const db = freshDb()
    const data = make() as EntityData[typeof entity]
    const saved = await saveRecord(db, entity, data)
    const row = await getRecord(db, entity, data.id)
    expect(row).toEqual(saved)
    expect(row).toMatchObject({ entity, syncedRev: 0, state: 'pending' })
    expect({ ...row?.data, updatedAt: data.updatedAt }).toEqual(data)
  })

  it('queues a full upsert mutation with the changed fields', async () => {
    const db = freshDb()
    const data = namedRegistration()
    await saveRecord(db, 'registration', data)
    await saveRecord(db, 'registration', { ...data, givenName: 'Aïcha' })
    const [first, second] = await db.outbox.orderBy('seq').toArray()
    expect(first).toMatchObject({
      op: 'upsert',
      recordId: data.id,
      entity: 'registration',
      status: 'queued',
      by: db.userId,
    })
    expect(first?.changedFields).toEqual(Object.keys(first?.data ?? {}).sort())
    expect(second?.changedFields).toEqual(['givenName', 'updatedAt'])
    expect(second?.data).toMatchObject({ givenName: 'Aïcha' })
    expect(second?.mutationId).not.toBe(first?.mutationId)
  })

  it('keeps the same baseRev across offline edits until the server answers', async () => {
    const db = freshDb()
    const data = flowCount()
    await saveRecord(db, 'flowCount', data)
    await saveRecord(db, 'flowCount', { ...data, transport: 'bus' })
    await saveRecord(db, 'flowCount', { ...data, transport: 'car' })
    expect((await db.outbox.toArray()).map((e) => e.baseRev)).toEqual([0, 0, 0])

    const sent = await db.outbox.orderBy('seq').toArray()
    await applyPushResults(
      db,
      sent,
      sent.map((e, i) => ({ mutationId: e.mutationId, status: 'applied' as const, rev: i + 1 })),
    )
    expect(await getRecord(db, 'flowCount', data.id)).toMatchObject({ syncedRev: 3, state: 'sent' })

    await saveRecord(db, 'flowCount', { ...data, transport: 'foot' })
    await saveRecord(db, 'flowCount', { ...data, transport: 'camel' })
    expect((await db.outbox.toArray()).map((e) => e.baseRev)).toEqual([3, 3])
    expect(await pendingCount(db)).toBe(2)
  })

  it('keeps the first createdAt and sets updatedAt itself', async () => {
    const db = freshDb()
    const data = assistance()
    await saveRecord(db, 'assistance', data, new Date('2026-11-29T10:00:00Z'))
    const later = await saveRecord(
      db,
      'assistance',
      { ...data, createdAt: '2030-01-01T00:00:00Z', quantity: 2 },
      new Date('2026-11-30T10:00:00Z'),
    )
    expect(later.data.createdAt).toBe(data.createdAt)
    expect(later.data.updatedAt).toBe('2026-11-30T10:00:00.000Z')
  })

  it('lists records newest first', async () => {
    const db = freshDb()
    const a = await saveRecord(db, 'assistance', assistance(), new Date('2026-11-29T10:00:00Z'))
    const b = await saveRecord(db, 'assistance', assistance(), new Date('2026-11-29T11:00:00Z'))
    await saveRecord(db, 'assistance', a.data, new Date('2026-11-29T12:00:00Z'))
    expect((await listRecords(db, 'assistance')).map((r) => r.id)).toEqual([a.id, b.id])
  })
})

describe('addRecord (a record made on this phone)', () => {
  it.each(samples)('stores a %s and queues it as saveRecord does a new one', async (entity, make) => {
    const [viaAdd, viaSave] = [freshDb(), freshDb()]
    const data = make() as EntityData[typeof entity]
    const at = new Date('2026-11-29T10:00:00Z')
    const added = await addRecord(viaAdd, entity, data, at)
    const saved = await saveRecord(viaSave, entity, data, at)
    expect(added).toEqual(saved)
    expect(await getRecord(viaAdd, entity, data.id)).toEqual(saved)
    const [entry] = await viaAdd.outbox.toArray()
    const [expected] = await viaSave.outbox.toArray()
    const withoutIds = (e: typeof entry) =>
      e && { ...e, mutationId: undefined, seq: undefined, data: undefined, by: undefined }
    expect(withoutIds(entry)).toEqual(withoutIds(expected))
    expect(entry?.data).toEqual({ ...data, updatedAt: at.toISOString() })
  })

  it('never replaces a record that exists: the add fails and writes nothing', async () => {
    const db = freshDb()
    const first = flowCount({ transport: 'truck' })
    await addRecord(db, 'flowCount', first)
    await expect(addRecord(db, 'flowCount', { ...first, transport: 'bus' })).rejects.toThrow()
    expect((await getRecord(db, 'flowCount', first.id))?.data.transport).toBe('truck')
    expect(await db.outbox.count()).toBe(1)
  })
})

describe.each([
  ['saveRecord', saveRecord],
  ['addRecord', addRecord],
] as const)('%s, refused or failing', (_, write) => {
  it('throws the ZodError and writes nothing when the data is invalid', async () => {
    const db = freshDb()
    const bad = namedRegistration({ nationality: 'XXX' })
    const error = await write(db, 'registration', bad).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ZodError)
    expect((error as ZodError).issues[0]?.path).toEqual(['nationality'])
    expect(await getRecord(db, 'registration', bad.id)).toBeUndefined()
    expect(await db.outbox.count()).toBe(0)
  })

  it('writes the record and its outbox entry atomically', async () => {
    const db = freshDb()
    const fail = () => {
      throw new Error('QuotaExceededError')
    }
    db.outbox.hook('creating', fail)
    const data = namedRegistration()
    await expect(write(db, 'registration', data)).rejects.toThrow('QuotaExceededError')
    db.outbox.hook('creating').unsubscribe(fail)
    expect(await getRecord(db, 'registration', data.id)).toBeUndefined()
    expect(await db.outbox.count()).toBe(0)
  })
})
