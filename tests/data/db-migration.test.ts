import Dexie from 'dexie'
import { describe, expect, it } from 'vitest'
import { openUserDb } from '@/data/db'
import { pendingCount } from '@/data/outbox'
import { applyPulledChanges, getPullCursor } from '@/data/pull-apply'
import { getRecord, listRecords } from '@/data/records'
import { newId } from '@/shared/ids'
import { readFlowDigests } from '@/data/flow-days'
import { indexOlderFlowRows, readFlowDays } from '@/data/flow-week'
import { flowCount, fmpStatus, namedRegistration } from '../helpers/records'
import { caseEvent } from '../server/helpers/case-records'

const recordStoresV2 = 'id, localUpdatedAt, state, purgeAfter, nameKey, docKey'

/** The user database as version 2 of the app declared it (before held changes). */
function openVersion2(userId: string): Dexie {
  const db = new Dexie(`relais-user-${userId}`)
  db.version(2).stores({
    registrations: recordStoresV2,
    assistance: recordStoresV2,
    referrals: recordStoresV2,
    flowCounts: recordStoresV2,
    surveys: recordStoresV2,
    outbox: '++seq, &mutationId, recordId, batchId, [status+seq], sealedBatchId',
    drafts: 'key',
    sites: 'code',
    meta: 'key',
    sealedBatches: 'batchId, createdAt',
  })
  return db
}

describe('database upgrade from version 2', () => {
  it('keeps every row of version 2 and adds the held changes and case events tables', async () => {
    const userId = `migrate-${newId()}`
    const person = namedRegistration()
    const old = openVersion2(userId)
    await old.table('registrations').put({
      id: person.id,
      entity: 'registration',
      data: person,
      syncedRev: 3,
      state: 'sent',
      localUpdatedAt: person.updatedAt,
    })
    await old.table('outbox').add({
      mutationId: newId(),
      entity: 'registration',
      recordId: newId(),
      op: 'upsert',
      baseRev: 0,
      data: namedRegistration(),
      changedFields: [],
      at: person.updatedAt,
      status: 'queued',
    })
    await old.table('meta').put({ key: 'syncCursor', value: 'c7' })
    await old.table('sealedBatches').put({ batchId: newId(), createdAt: person.updatedAt, mutationIds: [], sealed: {} })
    expect(old.verno).toBe(2)
    old.close()

    const db = openUserDb(userId)
    await db.open()
    expect(db.verno).toBe(9)
    expect(await getRecord(db, 'registration', person.id)).toMatchObject({ data: person, syncedRev: 3 })
    expect(await listRecords(db, 'registration')).toHaveLength(1)
    expect(await pendingCount(db)).toBe(1)
    expect(await getPullCursor(db)).toBe('c7')
    expect(await db.sealedBatches.count()).toBe(1)
    expect(await db.heldChanges.count()).toBe(0)
    // and the new table works on the upgraded database
    await applyPulledChanges(db, [{ entity: 'homeVisit', recordId: newId(), rev: 1, deleted: false, data: {} }], 'c8')
    expect(await db.heldChanges.count()).toBe(1)
    // a case event is no longer an unknown entity: it lands in its table, found by its case
    const registrationId = newId()
    const event = { ...caseEvent(registrationId), at: person.updatedAt }
    await applyPulledChanges(
      db,
      [{ entity: 'caseEvent', recordId: event.id, rev: 1, deleted: false, data: event }],
      'c9',
    )
    expect(await db.heldChanges.count()).toBe(1)
    expect(await db.caseEvents.where('registrationId').equals(registrationId).primaryKeys()).toEqual([event.id])
  })
})

describe('database upgrade from version 4', () => {
  it('finds tallies of before v5 by site and day once Today has indexed them, and new ones at once', async () => {
    const userId = `migrate-${newId()}`
    const old = new Dexie(`relais-user-${userId}`)
    old.version(4).stores({
      registrations: recordStoresV2,
      assistance: `${recordStoresV2}, registrationId`,
      referrals: `${recordStoresV2}, registrationId`,
      flowCounts: recordStoresV2,
      surveys: recordStoresV2,
      caseEvents: `${recordStoresV2}, registrationId`,
      outbox: '++seq, &mutationId, recordId, batchId, [status+seq], sealedBatchId',
      drafts: 'key',
      sites: 'code',
      meta: 'key',
      sealedBatches: 'batchId, createdAt',
      heldChanges: '[entity+recordId]',
    })
    // 23:30 in Niger on the 28th is already the 29th in UTC+2, still the 28th in UTC
    const tally = flowCount({ observedAt: '2026-11-28T23:30:00+01:00' })
    await old.table('flowCounts').put({
      id: tally.id,
      entity: 'flowCount',
      data: tally,
      syncedRev: 1,
      state: 'sent',
      localUpdatedAt: tally.updatedAt,
    })
    old.close()

    const db = openUserDb(userId)
    await db.open()
    expect(db.verno).toBe(9)
    expect(await db.fmpStatuses.count()).toBe(0)
    expect((await readFlowDays(db, 'SEG-FMP', '2026-11-28', '2026-11-28')).tallies).toEqual([])
    await indexOlderFlowRows(db)
    const found = await readFlowDays(db, 'SEG-FMP', '2026-11-28', '2026-11-28')
    expect(found.tallies.map((r) => r.data)).toEqual([tally])
    expect((await readFlowDays(db, 'SEG-FMP', '2026-11-29', '2026-11-29')).tallies).toEqual([])
    expect((await readFlowDays(db, 'ARL-FMP', '2026-11-28', '2026-11-28')).tallies).toEqual([])
    // and Today's figures kept per day (v6) count it, once indexed
    const digests = await readFlowDigests(db, 'SEG-FMP', '2026-11-22', '2026-11-28')
    expect([...digests.keys()]).toEqual(['2026-11-28'])
    expect(digests.get('2026-11-28')?.dayRows.map((r) => r.total)).toEqual([tally.total])
    // pulled after the upgrade: indexed as it lands
    const status = fmpStatus({ from: '2026-11-27T06:00:00+01:00', to: '2026-11-28T06:00:00+01:00' })
    await applyPulledChanges(
      db,
      [{ entity: 'fmpStatus', recordId: status.id, rev: 1, deleted: false, data: status }],
      'c1',
    )
    expect((await readFlowDays(db, 'SEG-FMP', '2026-11-28', '2026-11-28')).statuses.map((r) => r.data)).toEqual([
      status,
    ])
  })
})
