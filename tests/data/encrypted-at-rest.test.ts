import { beforeAll, describe, expect, it } from 'vitest'
import { loadDraft, saveDraft } from '@/data/drafts'
import { openEntries } from '@/data/outbox'
import { LockedError } from '@/data/protect'
import { applyPulledChanges } from '@/data/pull-apply'
import { getRecord, listRecords, purgeExpired, saveRecord } from '@/data/records'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import type { NamedRegistration } from '@/shared/schemas/registration'
import { namedRegistration } from '../helpers/records'
import { rawRows, rawText } from './raw-idb'
import { lockableDb } from './fixtures'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

const NAME = 'Zeinabou'
const FAMILY = 'Kountché-Abdoulaye'

describe('encryption at rest', () => {
  it('stores records, outbox entries and drafts only encrypted, and reads them back decrypted', async () => {
    const { db } = lockableDb(keys)
    const person = namedRegistration({ givenName: NAME, familyName: FAMILY, phone: '+227 90 00 00 00' })
    await saveRecord(db, 'registration', person)
    await saveDraft(db, 'registration:new', { givenName: NAME, familyName: FAMILY })
    for (const store of ['registrations', 'outbox', 'drafts']) {
      const raw = rawText(await rawRows(db.name, store))
      expect(raw.length).toBeGreaterThan(10)
      expect(raw).not.toContain(NAME)
      expect(raw).not.toContain('Kountch')
      expect(raw).not.toContain('90 00 00')
    }
    const [row] = (await rawRows(db.name, 'registrations')) as Record<string, unknown>[]
    expect(Object.keys(row ?? {}).sort()).toEqual(
      ['enc', 'entity', 'id', 'localUpdatedAt', 'state', 'syncedRev'].sort(),
    )
    expect((await getRecord(db, 'registration', person.id))?.data).toMatchObject({ givenName: NAME })
    expect(((await listRecords(db, 'registration'))[0]?.data as NamedRegistration | undefined)?.familyName).toBe(FAMILY)
    expect(await loadDraft(db, 'registration:new')).toEqual({ givenName: NAME, familyName: FAMILY })
    const [entry] = await openEntries(db, await db.outbox.toArray())
    expect(entry?.data).toMatchObject({ givenName: NAME })
  })

  it('refuses to read or write while locked, and stores pulled changes only while unlocked', async () => {
    const { db, setLocked } = lockableDb(keys)
    const person = namedRegistration({ givenName: NAME })
    setLocked(true)
    await expect(saveRecord(db, 'registration', person)).rejects.toBeInstanceOf(LockedError)
    const change = { entity: 'registration' as const, recordId: person.id, rev: 3, deleted: false, data: person }
    await expect(applyPulledChanges(db, [change], 'c1')).rejects.toBeInstanceOf(LockedError)
    expect(await db.registrations.count()).toBe(0)
    setLocked(false)
    await applyPulledChanges(db, [change], 'c1')
    expect(rawText(await rawRows(db.name, 'registrations'))).not.toContain(NAME)
    expect((await getRecord(db, 'registration', person.id))?.syncedRev).toBe(3)
    setLocked(true)
    await expect(listRecords(db, 'registration')).rejects.toBeInstanceOf(LockedError)
  })

  it('purges synced closed cases once past their retention date, and keeps the rest', async () => {
    const { db } = lockableDb(keys)
    db.retentionDays = 90
    const closed = namedRegistration({ caseStatus: 'closed', closureReason: 'continued_journey' })
    const open = namedRegistration()
    const pending = namedRegistration({ caseStatus: 'closed', closureReason: 'continued_journey' })
    const pulled = [closed, open].map((data) => ({
      entity: 'registration' as const,
      recordId: data.id,
      rev: 1,
      deleted: false,
      data,
    }))
    await applyPulledChanges(db, pulled, 'c1')
    await saveRecord(db, 'registration', pending)
    expect(await purgeExpired(db, new Date(Date.now() + 30 * 86_400_000))).toBe(0)
    expect(await purgeExpired(db, new Date(Date.now() + 91 * 86_400_000))).toBe(1)
    expect((await listRecords(db, 'registration')).map((r) => r.id).sort()).toEqual([open.id, pending.id].sort())
  })
})
