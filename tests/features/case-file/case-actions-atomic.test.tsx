/**
 * A case's change and the timeline event that says it are saved together or not at all:
 * a status change, a withdrawal of consent, a referral's new status. A phone that fills
 * up between the two must not leave a case closed with no event, or an event for a
 * change that never happened.
 */
import { describe, expect, it } from 'vitest'
import type { RelaisDb } from '@/data/db'
import { getRecord, listRecords, saveRecord, type LocalRecord } from '@/data/records'
import { isQuotaError } from '@/data/storage-errors'
import { changeStatus, updateReferral, withdrawConsent } from '@/features/case-file/case-actions'
import { referral } from '../../server/helpers/case-records'
import { namedRegistration } from '../../helpers/records'
import { freshDb } from '../../data/fixtures'

const registrar = { userId: 'user-1', role: 'registrar' as const }

async function aCase(db: RelaisDb): Promise<LocalRecord<'registration'>> {
  const data = namedRegistration({ siteCode: 'AGZ-TC' })
  await saveRecord(db, 'registration', data)
  await db.outbox.clear()
  return (await getRecord(db, 'registration', data.id))!
}

/** The outbox's next write after the first fails as a full phone's does: the second record of a pair. */
function failSecondWrite(db: RelaisDb): () => void {
  let writes = 0
  const fail = () => {
    writes += 1
    if (writes === 2) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError')
  }
  db.outbox.hook('creating', fail)
  return () => db.outbox.hook('creating').unsubscribe(fail)
}

async function failing(db: RelaisDb, action: () => Promise<unknown>): Promise<unknown> {
  const restore = failSecondWrite(db)
  try {
    return await action().then(
      () => undefined,
      (error: unknown) => error,
    )
  } finally {
    restore()
  }
}

describe('a case change and its event', () => {
  it('a status change whose event cannot be stored leaves the case as it was, nothing queued', async () => {
    const db = freshDb()
    const c = await aCase(db)
    const error = await failing(db, () =>
      changeStatus(db, c, 'closed', { reason: 'left_centre' }, { ...registrar, role: 'supervisor' }),
    )
    expect(isQuotaError(error)).toBe(true)
    expect(await getRecord(db, 'registration', c.id)).toEqual(c)
    expect(await listRecords(db, 'caseEvent')).toEqual([])
    expect(await db.outbox.count()).toBe(0)
  })

  it('a withdrawal of consent is all or nothing: the names stay until it is stored with its event', async () => {
    const db = freshDb()
    const c = await aCase(db)
    const error = await failing(db, () => withdrawConsent(db, c, registrar))
    expect(isQuotaError(error)).toBe(true)
    expect(await getRecord(db, 'registration', c.id)).toEqual(c)
    expect(await listRecords(db, 'caseEvent')).toEqual([])

    await withdrawConsent(db, c, registrar)
    expect((await getRecord(db, 'registration', c.id))?.data.consentProcessing).toBe(false)
    expect((await listRecords(db, 'caseEvent')).map((e) => e.data.kind)).toEqual(['consent_withdrawn'])
    expect(await db.outbox.count()).toBe(2)
  })

  it("a referral's new status is stored with its event, or neither", async () => {
    const db = freshDb()
    const c = await aCase(db)
    await saveRecord(db, 'referral', referral(c.id, { siteCode: 'AGZ-TC', sentOn: c.data.registeredOn }))
    await db.outbox.clear()
    const [sent] = await listRecords(db, 'referral')
    const update = { status: 'accepted' as const, statusOn: c.data.registeredOn }
    const error = await failing(db, () => updateReferral(db, c, sent!, update, registrar))
    expect(isQuotaError(error)).toBe(true)
    expect(await getRecord(db, 'referral', sent!.id)).toEqual(sent)
    expect(await listRecords(db, 'caseEvent')).toEqual([])
    expect(await db.outbox.count()).toBe(0)
  })
})
