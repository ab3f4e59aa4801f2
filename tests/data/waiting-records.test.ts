/**
 * What the user reads as waiting counts records, not the protocol's mutations: a record
 * edited twice is one, a case's timeline event goes with the change saved beside it, and
 * the count the phone reports to the server stays the mutations (queue-report.ts).
 */
import { describe, expect, it } from 'vitest'
import { applyPushResults } from '@/data/acknowledge'
import { pendingCount } from '@/data/outbox'
import { queueFigures } from '@/data/queue-report'
import { saveRecord } from '@/data/records'
import { recordsIn, waitingRecordCount } from '@/data/waiting-records'
import { newId } from '@/shared/ids'
import type { CaseEvent } from '@/shared/schemas/case-event'
import { sealOutbox } from '@/sync/seal-outbox'
import { generateServerKeyPair } from '@/shared/crypto/server-keys'
import { flowCount, namedRegistration } from '../helpers/records'
import { assistance, freshDb } from './fixtures'

const T1 = '2026-11-29T10:00:00.000Z'
const T2 = '2026-11-29T10:05:00.000Z'
const [CASE, EVENT, EVENT_2, TALLY] = [newId(), newId(), newId(), newId()]

describe('recordsIn', () => {
  it.each([
    { what: 'nothing', entries: [], records: 0 },
    { what: 'one new record', entries: [{ entity: 'flowCount', recordId: TALLY, at: T1 }], records: 1 },
    {
      what: 'a record edited twice',
      entries: [
        { entity: 'registration', recordId: CASE, at: T1 },
        { entity: 'registration', recordId: CASE, at: T2 },
      ],
      records: 1,
    },
    {
      what: 'a case edit and its timeline event',
      entries: [
        { entity: 'registration', recordId: CASE, at: T1 },
        { entity: 'caseEvent', recordId: EVENT, at: T1 },
      ],
      records: 1,
    },
    {
      what: 'a case edited twice, with an event each time',
      entries: [
        { entity: 'registration', recordId: CASE, at: T1 },
        { entity: 'caseEvent', recordId: EVENT, at: T1 },
        { entity: 'registration', recordId: CASE, at: T2 },
        { entity: 'caseEvent', recordId: EVENT_2, at: T2 },
      ],
      records: 1,
    },
    {
      what: 'an event whose change was already sent',
      entries: [{ entity: 'caseEvent', recordId: EVENT, at: T1 }],
      records: 1,
    },
    {
      what: 'an event saved at another time than the change waiting',
      entries: [
        { entity: 'registration', recordId: CASE, at: T1 },
        { entity: 'caseEvent', recordId: EVENT, at: T2 },
      ],
      records: 2,
    },
    {
      what: 'two records of different kinds',
      entries: [
        { entity: 'registration', recordId: CASE, at: T1 },
        { entity: 'flowCount', recordId: TALLY, at: T1 },
      ],
      records: 2,
    },
  ] as const)('counts $what as $records', ({ entries, records }) => {
    expect(recordsIn(entries)).toBe(records)
  })
})

function editedEvent(registrationId: string, at: string): CaseEvent {
  return {
    id: newId(),
    createdAt: at,
    updatedAt: at,
    siteCode: 'AGZ-TC',
    registrationId,
    kind: 'edited',
    at,
    by: 'user-1',
    sections: ['identity'],
  }
}

describe('waitingRecordCount', () => {
  it('counts an edit of a case and its event as one record, while the server is told two changes', async () => {
    const db = freshDb()
    const person = namedRegistration()
    const now = new Date(T1)
    await saveRecord(db, 'registration', person, now)
    await saveRecord(db, 'caseEvent', editedEvent(person.id, T1), now)
    expect(await pendingCount(db)).toBe(2)
    expect(await waitingRecordCount(db)).toBe(1)
    expect((await queueFigures(db)).pending).toBe(2)
  })

  it('counts the event alone once its change is sent, and nothing once both are', async () => {
    const db = freshDb()
    const person = namedRegistration()
    const now = new Date(T1)
    await saveRecord(db, 'registration', person, now)
    await saveRecord(db, 'caseEvent', editedEvent(person.id, T1), now)
    const [edit, event] = await db.outbox.orderBy('seq').toArray()
    await applyPushResults(db, [edit!], [{ mutationId: edit!.mutationId, status: 'applied', rev: 1 }])
    expect(await waitingRecordCount(db)).toBe(1)
    await applyPushResults(db, [event!], [{ mutationId: event!.mutationId, status: 'applied', rev: 1 }])
    expect(await waitingRecordCount(db)).toBe(0)
  })

  it('leaves out records refused by the server (they need attention instead)', async () => {
    const db = freshDb()
    await saveRecord(db, 'assistance', assistance())
    await saveRecord(db, 'flowCount', flowCount())
    const [refused] = await db.outbox.orderBy('seq').toArray()
    await applyPushResults(
      db,
      [refused!],
      [{ mutationId: refused!.mutationId, status: 'rejected', errors: [{ path: ['quantity'], code: 'too_small' }] }],
    )
    expect(await waitingRecordCount(db)).toBe(1)
  })

  it('counts the changes sealed at lock too', async () => {
    const db = freshDb()
    await saveRecord(db, 'flowCount', flowCount())
    const server = await generateServerKeyPair()
    await sealOutbox(db, { serverKey: { kid: server.kid, jwk: server.publicJwk }, deviceId: newId() })
    await saveRecord(db, 'flowCount', flowCount())
    expect((await db.outbox.toArray()).map((e) => e.status).sort()).toEqual(['queued', 'sealed'])
    expect(await waitingRecordCount(db)).toBe(2)
  })
})
