/**
 * Erasing a user's data at sign-out (left-behind.ts): only when nothing of it waits for
 * the server, checked in the erase's own transaction. Records not sent, refused or in
 * conflict, and refused changes kept for a supervisor stop it; drafts are counted for
 * the user to see, and go with the rest; the case-number counter stays.
 */
import { describe, expect, it } from 'vitest'
import { CASE_COUNTER_KEY, type RelaisDb } from '@/data/db'
import { saveDraft } from '@/data/drafts'
import { eraseIfNothingWaits, keepsUnsentWork, leftBehind } from '@/data/left-behind'
import { saveRecord } from '@/data/records'
import { namedRegistration } from '../helpers/records'
import { assistance, freshDb } from './fixtures'

/** A record saved and then acknowledged by the server: nothing of it waits. */
async function sentRegistration(db: RelaisDb) {
  const saved = await saveRecord(db, 'registration', namedRegistration())
  await db.outbox.where('recordId').equals(saved.id).delete()
  await db.registrations.update(saved.id, { state: 'sent' })
  return saved
}

describe('erasing at sign-out', () => {
  it('erases records, drafts and figures when everything was sent, keeping the case-number counter', async () => {
    const db = freshDb()
    await sentRegistration(db)
    await db.meta.put({ key: CASE_COUNTER_KEY, value: 7 })
    await saveDraft(db, 'registration:new', { givenName: 'Aïcha' })
    const left = await leftBehind(db)
    expect(left).toEqual({ unsent: 0, attention: 0, held: 0, drafts: 1 })
    expect(keepsUnsentWork(left)).toBe(false)

    expect((await eraseIfNothingWaits(db)).erased).toBe(true)
    expect(await db.registrations.count()).toBe(0)
    expect(await db.drafts.count()).toBe(0)
    expect((await db.meta.get(CASE_COUNTER_KEY))?.value).toBe(7)
  })

  it('erases nothing while a record waits to be sent, and says how many', async () => {
    const db = freshDb()
    const kept = await sentRegistration(db)
    await saveRecord(db, 'assistance', assistance({ registrationId: kept.id }))
    const result = await eraseIfNothingWaits(db)
    expect(result).toEqual({ erased: false, left: { unsent: 1, attention: 0, held: 0, drafts: 0 } })
    expect(await db.registrations.count()).toBe(1)
    expect(await db.outbox.count()).toBe(1)
  })

  it('counts a record saved without its queued change (a save stopped halfway) as not sent', async () => {
    const db = freshDb()
    const saved = await saveRecord(db, 'registration', namedRegistration())
    await db.outbox.clear()
    expect((await eraseIfNothingWaits(db)).left.unsent).toBe(1)
    expect(await db.registrations.get(saved.id)).toBeDefined()
  })

  it('erases nothing while a record is in conflict or refused, or a refused change waits for a supervisor', async () => {
    const db = freshDb()
    const conflict = await sentRegistration(db)
    await db.registrations.update(conflict.id, { state: 'conflict' })
    expect((await eraseIfNothingWaits(db)).left).toMatchObject({ attention: 1, unsent: 0 })
    expect(await db.registrations.count()).toBe(1)

    const other = freshDb()
    const held = await saveRecord(other, 'registration', namedRegistration())
    // refused at a site the user lost, kept by the server for a supervisor: the entry is parked, the row sent
    await other.outbox.where('recordId').equals(held.id).modify({ status: 'parked' })
    await other.registrations.update(held.id, { state: 'sent' })
    const result = await eraseIfNothingWaits(other)
    expect(result.erased).toBe(false)
    expect(result.left).toMatchObject({ held: 1, unsent: 0, attention: 0 })
    expect(await other.outbox.count()).toBe(1)
  })
})
