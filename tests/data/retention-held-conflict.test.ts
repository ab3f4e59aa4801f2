/**
 * Retention of an ended case's data the server already has, whatever state it is in on
 * the phone: a record in conflict (the phone's version waits on the server as an open
 * conflict for a supervisor, the row holds the server's), and versions held because
 * this version of the app cannot read them (the server sent them), leave with the case
 * after the retention days. A refused change, which the server does not have, keeps the
 * case on the phone until it is fixed or discarded: unsent work is never lost.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { applyPushResults } from '@/data/acknowledge'
import type { RelaisDb } from '@/data/db'
import { applyPulledChanges } from '@/data/pull-apply'
import { listRecords, purgeExpired, saveRecord } from '@/data/records'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { namedRegistration } from '../helpers/records'
import { assistance, caseEvent } from '../server/helpers/case-records'
import { sealedDb } from './fixtures'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

const DAY_MS = 86_400_000
const later = () => new Date(Date.now() + 91 * DAY_MS)

/** A closed case pulled with an event, and an assistance typed here on it, answered as the server chooses. */
async function closedCaseWithWork(answer: 'conflict' | 'rejected'): Promise<{ db: RelaisDb; ids: string[] }> {
  const db = sealedDb(keys)
  db.retentionDays = 90
  const closed = namedRegistration({ caseStatus: 'closed', closureReason: 'left_centre' })
  const event = caseEvent(closed.id)
  await applyPulledChanges(
    db,
    [
      { entity: 'registration', recordId: closed.id, rev: 1, deleted: false, data: closed },
      { entity: 'caseEvent', recordId: event.id, rev: 1, deleted: false, data: event },
    ],
    'c1',
  )
  const typed = assistance(closed.id, { notes: 'Two blankets' })
  await saveRecord(db, 'assistance', typed)
  const sent = await db.outbox.toArray()
  await applyPushResults(
    db,
    sent,
    sent.map((e) =>
      answer === 'conflict'
        ? { mutationId: e.mutationId, status: 'conflict' as const, rev: 2, data: { ...typed, notes: 'Three blankets' } }
        : {
            mutationId: e.mutationId,
            status: 'rejected' as const,
            errors: [{ path: ['quantity'], code: 'too_big', message: 'Too many' }],
          },
    ),
  )
  return { db, ids: [closed.id, event.id, typed.id] }
}

describe('retention of an ended case with conflicts or held versions', () => {
  it('purges a case whose work is in conflict: both versions wait on the server', async () => {
    const { db, ids } = await closedCaseWithWork('conflict')
    expect(await db.assistance.where('state').equals('conflict').count()).toBe(1)
    expect(await db.outbox.count()).toBe(0)
    expect(await purgeExpired(db, later())).toBe(3)
    expect(await listRecords(db, 'registration')).toEqual([])
    expect(await listRecords(db, 'assistance')).toEqual([])
    expect(ids).toHaveLength(3)
  })

  it('takes the versions held for a later version of the app with the case, and only those', async () => {
    const { db, ids } = await closedCaseWithWork('conflict')
    const [, eventId] = ids
    const heldAt = new Date().toISOString()
    await db.heldChanges.bulkPut([
      { entity: 'caseEvent', recordId: eventId!, rev: 3, reason: 'invalid', heldAt, data: {} },
      { entity: 'caseEvent', recordId: 'another-case-event', rev: 3, reason: 'invalid', heldAt, data: {} },
    ])
    await purgeExpired(db, later())
    expect((await db.heldChanges.toArray()).map((row) => row.recordId)).toEqual(['another-case-event'])
  })

  it('keeps a case whose work the server refused: the phone alone holds it', async () => {
    const { db } = await closedCaseWithWork('rejected')
    expect(await db.outbox.where('[status+seq]').between(['parked', -Infinity], ['parked', Infinity]).count()).toBe(1)
    expect(await purgeExpired(db, later())).toBe(0)
    expect(await db.registrations.count()).toBe(1)
    expect(await db.assistance.count()).toBe(1)
  })
})
