/**
 * Several records saved as one (saveRecords): every record and its outbox entry in one
 * transaction, or none, each change keeping what saveRecord guarantees one at a time.
 */
import { describe, expect, it } from 'vitest'
import { ZodError } from 'zod'
import type { RelaisDb } from '@/data/db'
import { getRecord, listRecords, saveRecord, saveRecords, type LocalRecord } from '@/data/records'
import { isQuotaError } from '@/data/storage-errors'
import type { NamedRegistration } from '@/shared/schemas/registration'
import { caseEvent } from '../server/helpers/case-records'
import { namedRegistration } from '../helpers/records'
import { freshDb } from './fixtures'

/** A case the server has at rev 3: as stored, and its data. */
async function sentCase(db: RelaisDb): Promise<{ c: LocalRecord<'registration'>; data: NamedRegistration }> {
  const data = namedRegistration({ siteCode: 'AGZ-TC' })
  await saveRecord(db, 'registration', data)
  await db.outbox.clear()
  await db.registrations.update(data.id, { state: 'sent', syncedRev: 3 })
  const c = (await getRecord(db, 'registration', data.id))!
  return { c, data: c.data as NamedRegistration }
}

/** Makes the outbox's `nth` write (from 1) fail as a full phone does. */
function failOutboxWrite(db: RelaisDb, nth: number): () => void {
  let writes = 0
  const fail = () => {
    writes += 1
    if (writes === nth) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
  }
  db.outbox.hook('creating', fail)
  return () => db.outbox.hook('creating').unsubscribe(fail)
}

describe('saveRecords', () => {
  it('queues each change in the order given, on the rev last acknowledged, claiming a refused change’s fields', async () => {
    const db = freshDb()
    const { c, data } = await sentCase(db)
    // an edit the server refused: parked, never reached it
    await saveRecord(db, 'registration', { ...data, givenName: 'Aïcha' })
    await db.outbox.toCollection().modify({ status: 'parked' })
    const parked = await db.outbox.count()
    const ev = caseEvent(c.id, { kind: 'transferred', fromSite: 'AGZ-TC', toSite: 'ARL-TC', sections: undefined })
    const at = new Date('2026-12-01T10:00:00Z')

    const saved = await saveRecords(
      db,
      [
        { entity: 'caseEvent', data: ev },
        { entity: 'registration', data: { ...data, givenName: 'Aïcha', siteCode: 'ARL-TC' } },
      ],
      at,
    )

    expect(saved.map((r) => [r.entity, r.id, r.state])).toEqual([
      ['caseEvent', ev.id, 'pending'],
      ['registration', c.id, 'pending'],
    ])
    const entries = (await db.outbox.orderBy('seq').toArray()).slice(parked)
    expect(entries.map((e) => [e.entity, e.recordId, e.baseRev])).toEqual([
      ['caseEvent', ev.id, 0],
      ['registration', c.id, 3],
    ])
    expect(entries[1]?.changedFields).toEqual(['givenName', 'siteCode', 'updatedAt'])
    expect(entries.every((e) => e.at === at.toISOString() && e.status === 'queued')).toBe(true)
    const stored = await getRecord(db, 'registration', c.id)
    expect(stored).toMatchObject({ syncedRev: 3, state: 'pending', data: { siteCode: 'ARL-TC' } })
    // the first registration's createdAt stays, as with saveRecord
    expect(stored?.data.createdAt).toBe(c.data.createdAt)
  })

  it('writes nothing when storage fails half-way: no record, no entry', async () => {
    const db = freshDb()
    const { c, data } = await sentCase(db)
    const first = caseEvent(c.id, { kind: 'transferred', fromSite: 'AGZ-TC', toSite: 'ARL-TC', sections: undefined })
    const third = caseEvent(c.id, {
      kind: 'status_changed',
      fromStatus: 'registered',
      toStatus: 'assisted',
      sections: undefined,
    })
    const restore = failOutboxWrite(db, 2)
    const error = await saveRecords(db, [
      { entity: 'caseEvent', data: first },
      { entity: 'registration', data: { ...data, siteCode: 'ARL-TC' } },
      { entity: 'caseEvent', data: third },
    ]).catch((e: unknown) => e)
    restore()

    expect(isQuotaError(error)).toBe(true)
    expect(await listRecords(db, 'caseEvent')).toEqual([])
    expect(await getRecord(db, 'registration', c.id)).toEqual(c)
    expect(await db.outbox.count()).toBe(0)
  })

  it('throws the ZodError of an invalid change before anything is written', async () => {
    const db = freshDb()
    const good = namedRegistration()
    const bad = namedRegistration({ nationality: 'XXX' })
    const error = await saveRecords(db, [
      { entity: 'registration', data: good },
      { entity: 'registration', data: bad },
    ]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ZodError)
    expect(await listRecords(db, 'registration')).toEqual([])
    expect(await db.outbox.count()).toBe(0)
  })
})
