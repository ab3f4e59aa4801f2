/** The case file's reads open only what they answer: one case and its links; the open referrals. */
import Dexie from 'dexie'
import { describe, expect, it } from 'vitest'
import { listOpenReferrals, loadCaseFile } from '@/data/case-file'
import { openUserDb } from '@/data/db'
import { saveRecord } from '@/data/records'
import { newId } from '@/shared/ids'
import { namedRegistration } from '../helpers/records'
import { assistance, freshDb, referral } from './fixtures'

describe('case file reads', () => {
  it('lists the open referrals without opening the closed ones', async () => {
    const db = freshDb()
    const pending = await saveRecord(db, 'referral', referral({ status: 'pending' }))
    const accepted = await saveRecord(db, 'referral', referral({ status: 'accepted' }))
    const done = await saveRecord(db, 'referral', referral({ status: 'completed' }))
    const declined = await saveRecord(db, 'referral', referral({ status: 'declined' }))
    expect((await db.referrals.get(pending.id))?.openReferral).toBe(1)
    expect((await db.referrals.get(done.id))?.openReferral).toBe(0)
    // a closed row that were opened would break the read: it is never opened
    for (const id of [done.id, declined.id]) await db.referrals.update(id, { data: undefined })
    const open = await listOpenReferrals(db)
    expect(open.map((r) => r.id).sort()).toEqual([pending.id, accepted.id].sort())
  })

  it('lists a row saved before the flag existed, opened to be sure, after the update that indexes the flag', async () => {
    // rows as the app writes them, stored in a version 7 database as older versions wrote
    // them: without the flag, but for one closed referral written since it existed
    const source = freshDb()
    const old = await saveRecord(source, 'referral', referral({ status: 'pending' }))
    await saveRecord(source, 'referral', referral({ status: 'completed' }))
    const flagged = await saveRecord(source, 'referral', referral({ status: 'completed' }))
    const rows = await source.referrals.toArray()
    source.close()
    const userId = `v7-${newId()}`
    const v7 = new Dexie(`relais-user-${userId}`)
    v7.version(7).stores({ referrals: 'id, localUpdatedAt, state, purgeAfter, nameKey, docKey, registrationId' })
    await v7
      .table('referrals')
      .bulkPut(rows.map(({ openReferral, ...row }) => (row.id === flagged.id ? { ...row, openReferral } : row)))
    v7.close()

    const db = openUserDb(userId)
    expect((await listOpenReferrals(db)).map((r) => r.id)).toEqual([old.id])
    expect((await db.referrals.get(flagged.id))?.openReferral).toBe(0)
  })

  it('a referral answered becomes closed, and its flag follows', async () => {
    const db = freshDb()
    const sent = await saveRecord(db, 'referral', referral({ status: 'pending' }))
    await saveRecord(db, 'referral', { ...sent.data, status: 'completed' })
    expect(await listOpenReferrals(db)).toEqual([])
  })

  it('loads a case with its own linked records only', async () => {
    const db = freshDb()
    const person = await saveRecord(db, 'registration', namedRegistration())
    const mine = await saveRecord(db, 'assistance', assistance({ registrationId: person.id }))
    await saveRecord(db, 'assistance', assistance({ registrationId: newId() }))
    const file = await loadCaseFile(db, person.id)
    expect(file?.registration.id).toBe(person.id)
    expect(file?.assistance.map((a) => a.id)).toEqual([mine.id])
    expect(await loadCaseFile(db, newId())).toBeNull()
  })
})
