import { beforeAll, describe, expect, it } from 'vitest'
import { applyPushResults } from '@/data/acknowledge'
import { heldCount, sealHeld } from '@/data/held-changes'
import { openEntries } from '@/data/outbox'
import { applyPulledChanges, getPullCursor } from '@/data/pull-apply'
import { encodePayload, getRecord, listRecords, saveRecord, type RecordRow } from '@/data/records'
import { retryHeldChanges } from '@/data/retry-held'
import { createVault, type VaultKeys } from '@/shared/crypto/vault'
import { newId } from '@/shared/ids'
import type { NamedRegistration } from '@/shared/schemas/registration'
import type { PulledChange } from '@/shared/schemas/sync'
import { anonymousRegistration, namedRegistration } from '../helpers/records'
import { freshDb, sealedDb } from './fixtures'
import { rawRows, rawText } from './raw-idb'

let keys: VaultKeys
beforeAll(async () => {
  keys = (await createVault('pass-phrase', { unsafeTestIterations: 1000 })).keys
})

const upsert = (entity: string, data: { id: string } & Record<string, unknown>, rev = 1): PulledChange => ({
  entity,
  recordId: data.id,
  rev,
  deleted: false,
  data,
})

describe('pull from a newer server: nothing is dropped past the cursor', () => {
  it('holds a change of an unknown entity, stores the rest of the page and moves the cursor', async () => {
    const db = sealedDb(keys)
    const person = namedRegistration()
    const visit = { id: newId(), siteCode: 'AGZ-TC', note: 'Visite à domicile de Mariama' }
    const summary = await applyPulledChanges(db, [upsert('homeVisit', visit, 4), upsert('registration', person)], 'c1')
    expect(summary).toEqual({ stored: 1, deleted: 0, skipped: 0, held: 1 })
    expect(await getPullCursor(db)).toBe('c1')
    expect(await getRecord(db, 'registration', person.id)).toMatchObject({ state: 'sent' })
    const held = await db.heldChanges.get(['homeVisit', visit.id])
    expect(held).toMatchObject({ entity: 'homeVisit', recordId: visit.id, rev: 4, reason: 'unknown_entity' })
    // kept like a record: encrypted
    expect(rawText(await rawRows(db.name, 'heldChanges'))).not.toContain('Mariama')
  })

  it('replaces a held change by a later version of the record, and a deletion removes it', async () => {
    const db = freshDb()
    const visit = { id: newId(), note: 'first' }
    await applyPulledChanges(db, [upsert('homeVisit', visit, 1)], 'c1')
    await applyPulledChanges(db, [upsert('homeVisit', { ...visit, note: 'second' }, 2)], 'c2')
    expect(await db.heldChanges.get(['homeVisit', visit.id])).toMatchObject({ rev: 2, data: { note: 'second' } })
    // an older version coming again (a replayed page) does not replace the newer one
    await applyPulledChanges(db, [upsert('homeVisit', visit, 1)], 'c2')
    expect(await db.heldChanges.get(['homeVisit', visit.id])).toMatchObject({ rev: 2 })
    const summary = await applyPulledChanges(
      db,
      [{ entity: 'homeVisit', recordId: visit.id, rev: 3, deleted: true }],
      'c3',
    )
    expect(summary.deleted).toBe(1)
    expect(await heldCount(db)).toBe(0)
  })

  it('holds data that breaks a rule, a nested unknown field, a field of another shape, and data over the limits', async () => {
    const db = freshDb()
    const bad = namedRegistration()
    const nested = namedRegistration({ document: { type: 'passport', number: 'A1' } })
    const anonymous = anonymousRegistration()
    const huge = namedRegistration()
    await applyPulledChanges(
      db,
      [
        upsert('registration', { ...bad, nationality: 'XXX', newField: 1 }),
        upsert('registration', { ...nested, document: { type: 'passport', number: 'A1', issuedBy: 'NER' } }),
        // a name on an anonymous registration is no newer server's addition: it breaks consent
        upsert('registration', { ...anonymous, givenName: 'Moussa' }),
        upsert('registration', { ...huge, newField: 'x'.repeat(20_000) }),
      ],
      'c1',
    )
    expect(await db.registrations.count()).toBe(0)
    expect(await heldCount(db)).toBe(4)
    expect(await getPullCursor(db)).toBe('c1')
  })

  it('a usable later version of a held record replaces it, stored', async () => {
    const db = freshDb()
    const person = namedRegistration()
    await applyPulledChanges(db, [upsert('registration', { ...person, nationality: 'XXX' }, 1)], 'c1')
    await applyPulledChanges(db, [upsert('registration', person, 2)], 'c2')
    expect(await getRecord(db, 'registration', person.id)).toMatchObject({ syncedRev: 2 })
    expect(await heldCount(db)).toBe(0)
  })
})

describe('unknown top-level fields of a known entity', () => {
  it('stores the record with its known fields, keeps the unknown ones sealed, and an edit carries them back', async () => {
    const db = sealedDb(keys)
    const person = namedRegistration({ givenName: 'Zeinabou' })
    const newer = { ...person, preferredContact: 'whatsapp', householdNotes: 'Voisine de Hadiza' }
    const summary = await applyPulledChanges(db, [upsert('registration', newer, 3)], 'c1')
    expect(summary.stored).toBe(1)
    expect(await heldCount(db)).toBe(0)

    // shown: the record as the schema reads it, without the fields it does not know
    const [shown] = await listRecords(db, 'registration')
    expect(shown).toMatchObject({ id: person.id, syncedRev: 3, state: 'sent', data: { givenName: 'Zeinabou' } })
    expect(shown?.data).not.toHaveProperty('preferredContact')
    expect(rawText(await rawRows(db.name, 'registrations'))).not.toContain('Hadiza')

    // edited on the phone: the upload carries the unknown fields back, unchanged
    const edited = { ...(shown?.data as NamedRegistration), occupation: 'Couturière' }
    const saved = await saveRecord(db, 'registration', edited)
    expect(saved.data).not.toHaveProperty('preferredContact')
    const [entry] = await openEntries(db, await db.outbox.toArray())
    expect(entry).toMatchObject({ baseRev: 3, recordId: person.id })
    expect(entry?.data).toMatchObject({
      occupation: 'Couturière',
      givenName: 'Zeinabou',
      preferredContact: 'whatsapp',
      householdNotes: 'Voisine de Hadiza',
    })
    // they are not this device's changes
    expect(entry?.changedFields).toEqual(['occupation', 'updatedAt'])
    expect(rawText(await rawRows(db.name, 'outbox'))).not.toContain('Hadiza')
    expect((await getRecord(db, 'registration', person.id))?.data).not.toHaveProperty('householdNotes')

    // a second edit still carries them
    await saveRecord(db, 'registration', { ...edited, occupation: 'Commerçante' })
    const entries = await openEntries(db, await db.outbox.toArray())
    expect(entries[1]?.data).toMatchObject({ occupation: 'Commerçante', preferredContact: 'whatsapp' })
  })

  it('keeps the unknown fields of the server version a push answer carries', async () => {
    const db = freshDb()
    const person = namedRegistration()
    await saveRecord(db, 'registration', person)
    const [entry] = await db.outbox.toArray()
    const data = { ...person, preferredContact: 'sms' }
    await applyPushResults(db, [entry!], [{ mutationId: entry!.mutationId, status: 'merged', rev: 2, data }])
    expect(await getRecord(db, 'registration', person.id)).toMatchObject({ syncedRev: 2, state: 'sent' })
    await saveRecord(db, 'registration', { ...person, occupation: 'Tailleur' })
    const entries = await db.outbox.toArray()
    expect(entries.at(-1)?.data).toMatchObject({ preferredContact: 'sms', occupation: 'Tailleur' })
  })

  it('holds the server version of a push answer it cannot read, and keeps the rev', async () => {
    const db = freshDb()
    const person = namedRegistration()
    await saveRecord(db, 'registration', person)
    const [entry] = await db.outbox.toArray()
    const data = { ...person, sex: 'unspecified' }
    await applyPushResults(db, [entry!], [{ mutationId: entry!.mutationId, status: 'merged', rev: 2, data }])
    expect(await getRecord(db, 'registration', person.id)).toMatchObject({ syncedRev: 2 })
    expect(await db.heldChanges.get(['registration', person.id])).toMatchObject({ rev: 2, data })
  })
})

describe('after an update of the app', () => {
  it('applies the held changes that now parse, leaves records with local changes alone, drops superseded ones', async () => {
    const db = sealedDb(keys)
    // held by an older version of the app, which could not read these
    const now = namedRegistration({ givenName: 'Readable now' })
    const busy = namedRegistration()
    const old = namedRegistration()
    const never = { id: newId(), note: 'still unknown' }
    await saveRecord(db, 'registration', busy) // has a change of its own waiting
    await applyPulledChanges(db, [upsert('registration', old, 5)], 'c1')
    const held = [
      await sealHeld(db, { entity: 'registration', recordId: now.id, rev: 2, data: now }, 'invalid'),
      await sealHeld(db, { entity: 'registration', recordId: busy.id, rev: 2, data: busy }, 'invalid'),
      await sealHeld(db, { entity: 'registration', recordId: old.id, rev: 3, data: old }, 'invalid'),
      await sealHeld(db, { entity: 'homeVisit', recordId: never.id, rev: 1, data: never }, 'unknown_entity'),
    ]
    await db.heldChanges.bulkPut(held)

    const summary = await retryHeldChanges(db, { appVersion: '0.2.0' })
    expect(summary).toMatchObject({ applied: 1, superseded: 1, held: 2 })
    expect(await getRecord(db, 'registration', now.id)).toMatchObject({
      syncedRev: 2,
      state: 'sent',
      data: { givenName: 'Readable now' },
    })
    expect(await getRecord(db, 'registration', busy.id)).toMatchObject({ state: 'pending', syncedRev: 0 })
    expect(await db.heldChanges.get(['registration', busy.id])).toBeDefined()
    expect(await db.heldChanges.get(['registration', old.id])).toBeUndefined()
    expect(await getRecord(db, 'registration', old.id)).toMatchObject({ syncedRev: 5 })
    expect(await db.heldChanges.get(['homeVisit', never.id])).toBeDefined()
  })

  it('reads again the unknown fields a record kept, once per new version: a field the app now knows joins the data', async () => {
    const db = sealedDb(keys)
    const person = namedRegistration()
    // as an older version stored it: `occupation` was a field it did not know
    const payload = await encodePayload(db, 'registration', person, { occupation: 'Tailleur', newer: true })
    const row: RecordRow = {
      id: person.id,
      entity: 'registration',
      ...payload,
      syncedRev: 4,
      state: 'sent',
      localUpdatedAt: person.updatedAt,
    }
    await db.registrations.put(row as RecordRow<'registration'>)

    expect(await retryHeldChanges(db, { appVersion: '0.2.0' })).toMatchObject({ reread: 1 })
    expect((await getRecord(db, 'registration', person.id))?.data).toMatchObject({ occupation: 'Tailleur' })
    expect((await getRecord(db, 'registration', person.id))?.data).not.toHaveProperty('newer')
    // the field the app still does not know is kept and still goes back with an edit
    await saveRecord(db, 'registration', { ...person, occupation: 'Tailleur' })
    const [entry] = await openEntries(db, await db.outbox.toArray())
    expect(entry?.data).toMatchObject({ newer: true, occupation: 'Tailleur' })
    expect(await retryHeldChanges(db, { appVersion: '0.2.0' })).toMatchObject({ reread: 0 })
  })
})
