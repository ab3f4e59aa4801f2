/**
 * Departed cases stored before departures left the phone carry no `purgeAfter`: the
 * backfill gives it to them once per database, so that the retention takes them too.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { type RelaisDb } from '@/data/db'
import { applyPulledChanges } from '@/data/pull-apply'
import { listRecords, purgeExpired } from '@/data/records'
import { backfillDepartedRetention } from '@/data/retention-backfill'
import { CaseIndexStore } from '@/cases/case-index-store'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { namedRegistration } from '../helpers/records'
import { sealedDb } from './fixtures'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

const DAY_MS = 86_400_000
const avrr = {
  category: 'avr' as const,
  voluntarinessSigned: true,
  travelDocumentStatus: 'issued' as const,
  fitToTravel: true,
  destinationCountry: 'GIN',
  reintegrationCounselling: true,
}

async function phoneWithOldDepartures(): Promise<{ db: RelaisDb; departed: string; open: string }> {
  const db = sealedDb(keys)
  const departed = namedRegistration({ caseStatus: 'departed', avrr })
  const open = namedRegistration()
  await applyPulledChanges(
    db,
    [departed, open].map((data) => ({
      entity: 'registration' as const,
      recordId: data.id,
      rev: 1,
      deleted: false,
      data,
    })),
    'c1',
  )
  // as an older version stored it
  await db.registrations.update(departed.id, { purgeAfter: undefined })
  return { db, departed: departed.id, open: open.id }
}

describe('backfillDepartedRetention', () => {
  it('gives old departed cases their retention date, once, and the retention then takes them', async () => {
    const { db, departed, open } = await phoneWithOldDepartures()
    const later = new Date(Date.now() + 91 * DAY_MS)
    expect(await purgeExpired(db, later)).toBe(0)

    expect(await backfillDepartedRetention(db, [departed])).toBe(1)
    expect((await db.registrations.get(departed))?.purgeAfter).toEqual(expect.any(String))
    expect((await db.registrations.get(open))?.purgeAfter).toBeUndefined()
    // once per database
    await db.registrations.update(departed, { purgeAfter: undefined })
    expect(await backfillDepartedRetention(db, [departed])).toBe(0)
    await db.registrations.update(departed, { purgeAfter: new Date(Date.now() + 90 * DAY_MS).toISOString() })

    expect(await purgeExpired(db, later)).toBe(1)
    expect((await listRecords(db, 'registration')).map((r) => r.id)).toEqual([open])
  })

  it('runs once the case index has loaded at unlock', async () => {
    const { db, departed } = await phoneWithOldDepartures()
    const store = new CaseIndexStore(db, { saveDelayMs: 10 })
    await store.start()
    expect((await db.registrations.get(departed))?.purgeAfter).toEqual(expect.any(String))
    store.dispose()
  })
})
