/**
 * Records of a site the user lost leave the phone (data/lost-sites.ts), on an encrypted
 * database in fake-indexeddb: every entity, by its clear site or its sealed data's;
 * drafts and held versions with them; the case index follows; records with changes the
 * server has not settled stay until it answers them.
 */
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { CaseIndexStore } from '@/cases/case-index-store'
import { applyPushResults } from '@/data/acknowledge'
import { type RelaisDb } from '@/data/db'
import { saveDraft } from '@/data/drafts'
import { ASK_AGAIN_MS, removeLostSiteRecords } from '@/data/lost-sites'
import { applyPulledChanges } from '@/data/pull-apply'
import { saveRecord } from '@/data/records'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import type { Entity } from '@/shared/schemas/entities'
import type { Change, FieldError } from '@/shared/schemas/sync'
import { flowCount, namedRegistration } from '../helpers/records'
import { assistance, refusedSurvey, sealedDb } from './fixtures'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

const stores: CaseIndexStore[] = []
afterEach(() => {
  for (const store of stores.splice(0)) store.dispose()
  vi.restoreAllMocks()
})

const pulled = (entity: Entity, data: { id: string } & Record<string, unknown>, rev = 1): Change => ({
  entity,
  recordId: data.id,
  rev,
  deleted: false,
  data,
})

const SITE_REFUSAL: FieldError[] = [{ path: ['siteCode'], code: 'forbidden', message: 'This site is not one of yours' }]

/** Saves `data` and has the server refuse it: a parked entry, a record in `rejected`. */
async function refused(db: RelaisDb, data: ReturnType<typeof namedRegistration>, errors = SITE_REFUSAL) {
  await saveRecord(db, 'registration', data)
  const entries = await db.outbox.where('recordId').equals(data.id).toArray()
  await applyPushResults(
    db,
    entries,
    entries.map((e) => ({ mutationId: e.mutationId, status: 'rejected' as const, errors })),
  )
  return entries
}

const ids = async (db: RelaisDb) => ({
  registrations: (await db.registrations.toCollection().primaryKeys()).sort(),
  assistance: await db.assistance.toCollection().primaryKeys(),
  flowCounts: await db.flowCounts.toCollection().primaryKeys(),
  surveys: await db.surveys.toCollection().primaryKeys(),
})

describe('removeLostSiteRecords', () => {
  it('removes every record of a site no longer covered, with its drafts, and the case index follows', async () => {
    const db = sealedDb(keys)
    const kept = namedRegistration({ siteCode: 'AGZ-TC', givenName: 'Aïcha' })
    const gone = namedRegistration({ siteCode: 'ARL-TC', givenName: 'Zeinabou' })
    const goneHelp = assistance({ siteCode: 'ARL-TC', registrationId: gone.id })
    const keptHelp = assistance({ siteCode: 'AGZ-TC', registrationId: kept.id })
    const goneTally = flowCount({ siteCode: 'ARL-FMP' })
    const keptTally = flowCount({ siteCode: 'SEG-FMP' })
    const goneSurvey = { ...refusedSurvey(), siteCode: 'ARL-FMP' }
    await applyPulledChanges(
      db,
      [
        pulled('registration', kept),
        pulled('registration', gone),
        pulled('assistance', goneHelp),
        pulled('assistance', keptHelp),
        pulled('flowCount', goneTally),
        pulled('flowCount', keptTally),
        pulled('survey', goneSurvey),
      ],
      'c1',
    )
    await saveDraft(db, `registration:edit:${gone.id}`, { givenName: 'Zeina' })
    await saveDraft(db, `registration:edit:${kept.id}`, { givenName: 'Aïc' })
    await saveDraft(db, 'registration:new', { givenName: 'New' })
    await db.heldChanges.put({ entity: 'registration', recordId: gone.id, rev: 2 } as never)
    const store = new CaseIndexStore(db, { saveDelayMs: 10 })
    stores.push(store)
    await store.start()
    expect(store.finder()?.get(gone.id)?.givenName).toBe('Zeinabou')

    const summary = await removeLostSiteRecords(db, ['AGZ-TC', 'SEG-FMP'])
    expect(summary).toEqual({ removed: 4, kept: 0, asked: 0, drafts: 1 })
    expect(await ids(db)).toEqual({
      registrations: [kept.id],
      assistance: [keptHelp.id],
      flowCounts: [keptTally.id],
      surveys: [],
    })
    expect((await db.drafts.toCollection().primaryKeys()).sort()).toEqual(
      [`registration:edit:${kept.id}`, 'registration:new'].sort(),
    )
    expect(await db.heldChanges.count()).toBe(0)
    await vi.waitFor(() => expect(store.finder()?.get(gone.id)).toBeUndefined())
    expect(store.finder()?.get(kept.id)?.givenName).toBe('Aïcha')
  })

  it('does nothing, and opens nothing, while the sites stay the same', async () => {
    const db = sealedDb(keys)
    await applyPulledChanges(db, [pulled('registration', namedRegistration({ siteCode: 'AGZ-TC' }))], 'c1')
    await removeLostSiteRecords(db, ['AGZ-TC'])
    // a record of another site arriving later is a pull's business (a transfer comes as a deletion)
    const decrypt = vi.spyOn(crypto.subtle, 'decrypt')
    expect(await removeLostSiteRecords(db, ['AGZ-TC'])).toEqual({ removed: 0, kept: 0, asked: 0, drafts: 0 })
    expect(decrypt).not.toHaveBeenCalled()
  })

  it('keeps a record with unsent changes until the server answers them, then removes it', async () => {
    const db = sealedDb(keys)
    const waiting = namedRegistration({ siteCode: 'ARL-TC' })
    await saveRecord(db, 'registration', waiting)
    const first = await removeLostSiteRecords(db, ['AGZ-TC'])
    expect(first).toMatchObject({ removed: 0, kept: 1 })
    expect(await db.registrations.get(waiting.id)).toBeDefined()
    // the server accepts it: nothing waits any more, and the next sync's sweep removes it
    const entries = await db.outbox.toArray()
    await applyPushResults(
      db,
      entries,
      entries.map((e) => ({ mutationId: e.mutationId, status: 'applied' as const, rev: 1 })),
    )
    expect(await removeLostSiteRecords(db, ['AGZ-TC'])).toMatchObject({ removed: 1, kept: 0 })
    expect(await db.registrations.get(waiting.id)).toBeUndefined()
  })

  it('asks again about a change refused for its site, until a supervisor’s decision comes back', async () => {
    const db = sealedDb(keys)
    const record = namedRegistration({ siteCode: 'ARL-TC' })
    const [entry] = await refused(db, record)
    const other = namedRegistration({ siteCode: 'ARL-TC' })
    await refused(db, other, [{ path: ['nationality'], code: 'country_code' }])
    const now = new Date('2026-12-01T08:00:00Z')
    const first = await removeLostSiteRecords(db, ['AGZ-TC'], now)
    expect(first).toEqual({ removed: 0, kept: 2, asked: 1, drafts: 0 })
    // queued again as it was sent (same mutation), outside any earlier batch; the other refusal stays parked
    const again = await db.outbox.where('recordId').equals(record.id).toArray()
    expect(again).toEqual([expect.objectContaining({ mutationId: entry?.mutationId, status: 'queued' })])
    expect(again[0]?.batchId).toBeUndefined()
    expect((await db.outbox.where('recordId').equals(other.id).first())?.status).toBe('parked')

    // the server still has it open: refused again, parked again, not asked about before six hours
    await applyPushResults(db, again, [
      { mutationId: entry?.mutationId as string, status: 'duplicate', was: 'rejected', errors: SITE_REFUSAL },
    ])
    expect(await removeLostSiteRecords(db, ['AGZ-TC'], new Date(now.getTime() + 60_000))).toMatchObject({ asked: 0 })
    const later = new Date(now.getTime() + ASK_AGAIN_MS)
    expect(await removeLostSiteRecords(db, ['AGZ-TC'], later)).toMatchObject({ asked: 1, kept: 2 })

    // a supervisor accepted it: the resend is a duplicate of an applied mutation; the entry
    // leaves, and the record, now the site's, leaves the phone at the same sync
    const resent = await db.outbox.where('recordId').equals(record.id).toArray()
    await applyPushResults(db, resent, [
      { mutationId: entry?.mutationId as string, status: 'duplicate', was: 'applied', rev: 1 },
    ])
    expect(await db.outbox.where('recordId').equals(record.id).count()).toBe(0)
    expect(await removeLostSiteRecords(db, ['AGZ-TC'], later)).toMatchObject({ removed: 1, kept: 1 })
    expect(await db.registrations.get(record.id)).toBeUndefined()
    expect(await db.registrations.get(other.id)).toBeDefined()
  })

  it.each(['discarded_by_supervisor', 'discarded_consent_withdrawn'])(
    'stops asking once the server no longer keeps the change (%s)',
    async (code) => {
      const db = sealedDb(keys)
      const record = namedRegistration({ siteCode: 'ARL-TC' })
      await refused(db, record, [...SITE_REFUSAL, { path: [], code }])
      expect(await removeLostSiteRecords(db, ['AGZ-TC'])).toMatchObject({ kept: 1, asked: 0 })
      expect((await db.outbox.where('recordId').equals(record.id).first())?.status).toBe('parked')
    },
  )
})
