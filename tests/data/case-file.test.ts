/** The case file's reads open only what they answer: one case and its links; the open referrals. */
import { describe, expect, it } from 'vitest'
import { listOpenReferrals, loadCaseFile } from '@/data/case-file'
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

  it('opens a row saved before the flag once, to be sure', async () => {
    const db = freshDb()
    const old = await saveRecord(db, 'referral', referral({ status: 'pending' }))
    const closedOld = await saveRecord(db, 'referral', referral({ status: 'completed' }))
    for (const id of [old.id, closedOld.id]) await db.referrals.update(id, { openReferral: undefined })
    expect((await listOpenReferrals(db)).map((r) => r.id)).toEqual([old.id])
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
