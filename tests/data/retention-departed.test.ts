/**
 * The phone's retention of ended cases: a case that departed (an assisted return) leaves
 * the phone after the retention days like a closed one, once synced; an open case and
 * one with changes still queued stay.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { openUserDb, type RelaisDb } from '@/data/db'
import { applyPulledChanges } from '@/data/pull-apply'
import { listRecords, purgeExpired } from '@/data/records'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { newId } from '@/shared/ids'
import { namedRegistration } from '../helpers/records'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

function protectedDb(): RelaisDb {
  const db = openUserDb(`retention-${newId()}`)
  db.keySource = () => keys
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
})
