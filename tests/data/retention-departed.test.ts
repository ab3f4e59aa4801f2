/**
 * The phone's retention of ended cases: a case that departed (an assisted return) leaves
 * the phone after the retention days like a closed one, once synced, and its work (notes
 * on assistance and referrals, its timeline) with it; an open case stays, and so does one
 * whose record or work still has changes queued, until they are sent.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { type RelaisDb } from '@/data/db'
import { applyPulledChanges } from '@/data/pull-apply'
import { listRecords, purgeExpired, saveRecord } from '@/data/records'
import { applyPushResults } from '@/data/acknowledge'
import { saveDraft } from '@/data/drafts'
import { assistance, caseEvent, referral } from '../server/helpers/case-records'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { namedRegistration } from '../helpers/records'
import { sealedDb } from './fixtures'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

function protectedDb(): RelaisDb {
  const db = sealedDb(keys)
  db.retentionDays = 90
  return db
}

const DAY_MS = 86_400_000

describe('retention of ended cases on the phone', () => {
  it('purges a synced departed case past its retention date, as a closed one', async () => {
    const db = protectedDb()
    const avrr = {
      category: 'avr' as const,
      voluntarinessSigned: true,
      travelDocumentStatus: 'issued' as const,
      fitToTravel: true,
      destinationCountry: 'GIN',
      reintegrationCounselling: true,
    }
    const departed = namedRegistration({ caseStatus: 'departed', avrr })
    const closed = namedRegistration({ caseStatus: 'closed', closureReason: 'left_centre' })
    const open = namedRegistration({ avrr })
    const pulled = [departed, closed, open].map((data) => ({
      entity: 'registration' as const,
      recordId: data.id,
      rev: 2,
      deleted: false,
      data,
    }))
    await applyPulledChanges(db, pulled, 'c1')
    expect(await purgeExpired(db, new Date(Date.now() + 30 * DAY_MS))).toBe(0)
    expect(await purgeExpired(db, new Date(Date.now() + 91 * DAY_MS))).toBe(2)
    expect((await listRecords(db, 'registration')).map((r) => r.id)).toEqual([open.id])
  })

  it('takes the case’s work with it, and keeps a case whose work is not sent yet until it is', async () => {
    const db = protectedDb()
    const closed = namedRegistration({ caseStatus: 'closed', closureReason: 'left_centre' })
    const other = namedRegistration({ caseStatus: 'closed', closureReason: 'left_centre' })
    const work = [
      { entity: 'assistance' as const, data: assistance(closed.id, { notes: 'Sleeps at the bus station' }) },
      { entity: 'referral' as const, data: referral(closed.id, { reason: 'Needs a surgeon' }) },
      { entity: 'caseEvent' as const, data: caseEvent(closed.id) },
    ]
    const pulled = [...[closed, other].map((data) => ({ entity: 'registration' as const, data })), ...work].map(
      ({ entity, data }) => ({ entity, recordId: data.id, rev: 1, deleted: false, data }),
    )
    await applyPulledChanges(db, pulled, 'c1')
    // an assistance of the other case typed on this phone and not sent yet
    const waiting = assistance(other.id, { notes: 'Two blankets' })
    await saveRecord(db, 'assistance', waiting)
    await saveDraft(db, `caseFile:assistance:${closed.id}`, { notes: 'Half typed' })

    const later = new Date(Date.now() + 91 * DAY_MS)
    expect(await purgeExpired(db, later)).toBe(4)
    expect((await listRecords(db, 'registration')).map((r) => r.id)).toEqual([other.id])
    expect(await listRecords(db, 'assistance')).toMatchObject([{ id: waiting.id }])
    expect(await listRecords(db, 'referral')).toEqual([])
    expect(await listRecords(db, 'caseEvent')).toEqual([])
    expect(await db.drafts.count()).toBe(0)

    // once the server has it, the other case and its work go too
    const sent = await db.outbox.toArray()
    await applyPushResults(
      db,
      sent,
      sent.map((e) => ({ mutationId: e.mutationId, status: 'applied' as const, rev: 1 })),
    )
    expect(await purgeExpired(db, later)).toBe(2)
    expect(await listRecords(db, 'registration')).toEqual([])
    expect(await listRecords(db, 'assistance')).toEqual([])
  })
})
