/**
 * A record that leaves the phone takes its drafts along (data/drafts.ts,
 * clearRecordDrafts), whichever way it goes: a pulled deletion (a case transferred
 * away), work kept for the centre a case moved to and accepted there
 * (moved-case-work.ts), the retention purge, a discarded refusal, a deletion. A draft
 * names its record at the end of its key; the drafts of other records and of new records
 * stay. On an encrypted database in fake-indexeddb (the lost-site sweep: lost-sites.test.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { applyPushResults } from '@/data/acknowledge'
import { discardRefused } from '@/data/attention'
import { type RelaisDb } from '@/data/db'
import { deleteRecord } from '@/data/delete-record'
import { saveDraft } from '@/data/drafts'
import { askAboutMovedCaseWork } from '@/data/moved-case-work'
import { ASK_AGAIN_MS } from '@/data/lost-sites'
import { applyPulledChanges } from '@/data/pull-apply'
import { purgeExpired, saveRecord } from '@/data/records'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import type { Entity } from '@/shared/schemas/entities'
import type { Change, FieldError } from '@/shared/schemas/sync'
import { flowCount, namedRegistration } from '../helpers/records'
import { sealedDb } from './fixtures'

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

const draftKeys = async (db: RelaisDb) => (await db.drafts.toCollection().primaryKeys()).sort()

/** Two cases pulled, each with an edit's draft, and a new registration's draft. */
async function twoCasesWithDrafts(db: RelaisDb, fields: Parameters<typeof namedRegistration>[0] = {}) {
  const leaving = namedRegistration({ siteCode: 'AGZ-TC', givenName: 'Hadiza', ...fields })
  const staying = namedRegistration({ siteCode: 'AGZ-TC', givenName: 'Aïcha' })
  await applyPulledChanges(db, [pulled('registration', leaving), pulled('registration', staying)], 'c1')
  await saveDraft(db, `registration:edit:${leaving.id}`, { givenName: 'Hadi' })
  await saveDraft(db, `registration:edit:${staying.id}`, { givenName: 'Aïc' })
  await saveDraft(db, 'registration:new', { givenName: 'New' })
  return { leaving, staying, left: [`registration:edit:${staying.id}`, 'registration:new'].sort() }
}

/** The server's refusal of an edit of a case that moved, kept for its centre now. */
const KEPT: FieldError[] = [
  { path: [], code: 'unavailable' },
  { path: [], code: 'kept_for_case_site' },
]

describe("a record's drafts leave the phone with it", () => {
  it('when a pull deletes the record (a case transferred to a centre the user does not cover)', async () => {
    const db = sealedDb(keys)
    const { leaving, left } = await twoCasesWithDrafts(db)
    const summary = await applyPulledChanges(
      db,
      [{ entity: 'registration', recordId: leaving.id, rev: 2, deleted: true }],
      'c2',
    )
    expect(summary.deleted).toBe(1)
    expect(await db.registrations.get(leaving.id)).toBeUndefined()
    expect(await draftKeys(db)).toEqual(left)
  })

  it('when a supervisor of the centre the case moved to accepts the edit kept there', async () => {
    const db = sealedDb(keys)
    const T0 = new Date('2026-12-01T08:00:00Z')
    const { leaving, left } = await twoCasesWithDrafts(db)
    // edited offline; the case moved meanwhile (its deletion is skipped: the edit waits)
    await saveRecord(db, 'registration', { ...leaving, givenName: 'Hadiza M.' })
    await applyPulledChanges(db, [{ entity: 'registration', recordId: leaving.id, rev: 2, deleted: true }], 'c2')
    const sent = await db.outbox.toArray()
    await applyPushResults(
      db,
      sent,
      sent.map((e) => ({ mutationId: e.mutationId, status: 'rejected' as const, errors: KEPT })),
    )
    expect(await draftKeys(db)).toHaveLength(3)

    await askAboutMovedCaseWork(db, T0)
    expect(await askAboutMovedCaseWork(db, new Date(T0.getTime() + ASK_AGAIN_MS))).toBe(1)
    const queued = await db.outbox.toArray()
    await applyPushResults(
      db,
      queued,
      queued.map((e) => ({ mutationId: e.mutationId, status: 'duplicate' as const, was: 'applied' as const, rev: 3 })),
    )
    expect(await db.registrations.get(leaving.id)).toBeUndefined()
    expect(await draftKeys(db)).toEqual(left)
  })

  it('when the retention purge removes a closed case', async () => {
    const db = sealedDb(keys)
    db.retentionDays = 90
    const { leaving, left } = await twoCasesWithDrafts(db, {
      caseStatus: 'closed',
      closureReason: 'continued_journey',
    })
    expect(await purgeExpired(db, new Date(Date.now() + 91 * 86_400_000))).toBe(1)
    expect(await db.registrations.get(leaving.id)).toBeUndefined()
    expect(await draftKeys(db)).toEqual(left)
  })

  it('when the user discards a refused record the server never held', async () => {
    const db = sealedDb(keys)
    const fresh = namedRegistration({ siteCode: 'AGZ-TC' })
    await saveRecord(db, 'registration', fresh)
    await saveDraft(db, `registration:edit:${fresh.id}`, { givenName: 'Typed' })
    const sent = await db.outbox.toArray()
    const errors: FieldError[] = [{ path: ['siteCode'], code: 'forbidden' }]
    await applyPushResults(
      db,
      sent,
      sent.map((e) => ({ mutationId: e.mutationId, status: 'rejected' as const, errors })),
    )
    expect(await discardRefused(db, 'registration', fresh.id, null)).toBe('removed')
    expect(await draftKeys(db)).toEqual([])
  })

  it('when the user deletes a record', async () => {
    const db = sealedDb(keys)
    const tally = flowCount()
    const other = flowCount()
    await saveRecord(db, 'flowCount', tally)
    await saveDraft(db, `flowCount:edit:${tally.id}`, { counts: [] })
    await saveDraft(db, `flowCount:edit:${other.id}`, { counts: [] })
    expect(await deleteRecord(db, 'flowCount', tally.id)).toBe(true)
    expect(await draftKeys(db)).toEqual([`flowCount:edit:${other.id}`])
  })
})
