/**
 * Work recorded on a case that moved away meanwhile (data/moved-case-work.ts), on an
 * encrypted database in fake-indexeddb: the server kept the refused record for a
 * supervisor of the case's new centre (`kept_for_case_site`); the phone asks again about it
 * every six hours, and the record leaves the phone once accepted there, stays while
 * undecided, and is no longer asked about once discarded.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { applyPushResults } from '@/data/acknowledge'
import { type RelaisDb } from '@/data/db'
import { ASK_AGAIN_MS } from '@/data/lost-sites'
import { askAboutMovedCaseWork, keptForCaseSite } from '@/data/moved-case-work'
import { applyPulledChanges } from '@/data/pull-apply'
import { saveRecord } from '@/data/records'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import type { Entity } from '@/shared/schemas/entities'
import type { Change, FieldError, PushResult } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { assistance, sealedDb } from './fixtures'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

const pulled = (entity: Entity, data: { id: string } & Record<string, unknown>, rev = 1): Change => ({
  entity,
  recordId: data.id,
  rev,
  deleted: false,
  data,
})

const KEPT: FieldError[] = [
  { path: ['registrationId'], code: 'unavailable' },
  { path: [], code: 'kept_for_case_site' },
]

const T0 = new Date('2026-12-01T08:00:00Z')
const later = (ms: number) => new Date(T0.getTime() + ms)

/**
 * A phone of Agadez holds a case and records an assistance offline; the case meanwhile
 * moved to Arlit (its pull brings the departure), and the server kept the assistance.
 */
async function keptAssistance(db: RelaisDb) {
  const person = namedRegistration({ siteCode: 'AGZ-TC' })
  const other = namedRegistration({ siteCode: 'AGZ-TC' })
  const otherHelp = assistance({ registrationId: other.id })
  await applyPulledChanges(
    db,
    [pulled('registration', person), pulled('registration', other), pulled('assistance', otherHelp)],
    'c1',
  )
  const help = assistance({ registrationId: person.id, notes: 'Blanket for Hadiza' })
  await saveRecord(db, 'assistance', help)
  await applyPulledChanges(db, [{ entity: 'registration', recordId: person.id, rev: 2, deleted: true }], 'c2')
  const entries = await db.outbox.toArray()
  await applyPushResults(
    db,
    entries,
    entries.map((e) => ({ mutationId: e.mutationId, status: 'rejected' as const, errors: KEPT })),
  )
  const [entry] = entries
  if (!entry) throw new Error('no outbox entry')
  return { person, help, otherHelp, mutationId: entry.mutationId }
}

/** Asks again once due, and answers the queued change as the server would. */
async function askedAndAnswered(db: RelaisDb, at: Date, answer: Omit<PushResult, 'mutationId'>) {
  expect(await askAboutMovedCaseWork(db, at)).toBe(1)
  const queued = await db.outbox.toArray()
  expect(queued.map((e) => e.status)).toEqual(['queued'])
  await applyPushResults(
    db,
    queued,
    queued.map((e) => ({ mutationId: e.mutationId, ...answer })),
  )
}

describe('work on a case that moved away', () => {
  it('tells a kept refusal from others', () => {
    expect(keptForCaseSite(KEPT)).toBe(true)
    expect(keptForCaseSite([{ path: ['registrationId'], code: 'unavailable' }])).toBe(false)
    expect(keptForCaseSite([...KEPT, { path: [], code: 'discarded_by_supervisor' }])).toBe(false)
  })

  it('asks again every six hours, and the record leaves the phone once a supervisor of the new centre accepts it', async () => {
    const db = sealedDb(keys)
    const { help, otherHelp, mutationId } = await keptAssistance(db)
    expect((await db.assistance.get(help.id))?.state).toBe('rejected')

    // the refusal has just come: the clock starts, nothing is sent again before six hours
    expect(await askAboutMovedCaseWork(db, T0)).toBe(0)
    expect(await askAboutMovedCaseWork(db, later(60_000))).toBe(0)
    expect((await db.outbox.toArray()).map((e) => e.status)).toEqual(['parked'])

    // still undecided: refused again, parked again, the record stays
    await askedAndAnswered(db, later(ASK_AGAIN_MS), { status: 'duplicate', was: 'rejected', errors: KEPT })
    const parked = await db.outbox.toArray()
    expect(parked).toEqual([expect.objectContaining({ mutationId, status: 'parked', errors: KEPT })])
    expect(parked[0]?.batchId).toBeUndefined()
    expect((await db.assistance.get(help.id))?.state).toBe('rejected')
    expect(await askAboutMovedCaseWork(db, later(ASK_AGAIN_MS + 60_000))).toBe(0)

    // accepted at Arlit: the answer carries no record (not this user's to read); it leaves the phone
    await askedAndAnswered(db, later(2 * ASK_AGAIN_MS), { status: 'duplicate', was: 'applied', rev: 1 })
    expect(await db.outbox.count()).toBe(0)
    expect(await db.assistance.get(help.id)).toBeUndefined()
    expect(await db.assistance.get(otherHelp.id)).toBeDefined()
    // nothing left to ask about
    expect(await askAboutMovedCaseWork(db, later(3 * ASK_AGAIN_MS))).toBe(0)
  })

  it('keeps the record, as the server has it, when it was accepted where the user may still read it', async () => {
    const db = sealedDb(keys)
    const { help } = await keptAssistance(db)
    await askAboutMovedCaseWork(db, T0)
    const server = { ...help, siteCode: 'AGZ-TC', notes: 'Blanket for Hadiza' }
    await askedAndAnswered(db, later(ASK_AGAIN_MS), { status: 'duplicate', was: 'applied', rev: 3, data: server })
    const row = await db.assistance.get(help.id)
    expect(row).toMatchObject({ state: 'sent', syncedRev: 3 })
  })

  it.each(['discarded_by_supervisor', 'discarded_consent_withdrawn'])(
    'stops asking once the server no longer keeps it (%s); the user discards it as any refused record',
    async (code) => {
      const db = sealedDb(keys)
      const { help } = await keptAssistance(db)
      await askAboutMovedCaseWork(db, T0)
      const ended = [...KEPT, { path: [], code }]
      await askedAndAnswered(db, later(ASK_AGAIN_MS), { status: 'duplicate', was: 'rejected', errors: ended })
      expect(await askAboutMovedCaseWork(db, later(10 * ASK_AGAIN_MS))).toBe(0)
      expect((await db.outbox.toArray()).map((e) => e.status)).toEqual(['parked'])
      expect((await db.assistance.get(help.id))?.state).toBe('rejected')
    },
  )

  it('leaves a record alone while another change of it waits', async () => {
    const db = sealedDb(keys)
    const { help } = await keptAssistance(db)
    await askAboutMovedCaseWork(db, T0)
    await saveRecord(db, 'assistance', { ...help, quantity: 2 })
    expect(await askAboutMovedCaseWork(db, later(ASK_AGAIN_MS))).toBe(0)
    expect((await db.outbox.toArray()).map((e) => e.status)).toEqual(['parked', 'queued'])
  })
})
