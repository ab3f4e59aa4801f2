/**
 * Each thing a registrar does to a case is one record waiting for the user, however many
 * changes it queues for the server: a change and the timeline event that notes it are
 * saved at the same instant (data/waiting-records.ts counts them as one).
 */
import { describe, expect, it } from 'vitest'
import type { RelaisDb } from '@/data/db'
import { pendingCount } from '@/data/outbox'
import { getRecord, saveRecord, type LocalRecord } from '@/data/records'
import { waitingRecordCount } from '@/data/waiting-records'
import {
  changeStatus,
  recordAssistance,
  refer,
  transferCase,
  updateReferral,
  withdrawConsent,
  type Actor,
} from '@/features/case-file/case-actions'
import { editCase } from '@/features/registration/save-case'
import { freshDb } from '../../data/fixtures'
import { namedRegistration } from '../../helpers/records'

const actor: Actor = { userId: 'user-1', role: 'registrar' }

/** A case the server already has: nothing of it waits. */
async function sentCase(db: RelaisDb): Promise<LocalRecord<'registration'>> {
  const saved = await saveRecord(db, 'registration', namedRegistration())
  await db.outbox.clear()
  await db.registrations.update(saved.id, { state: 'sent', syncedRev: 1 })
  return (await getRecord(db, 'registration', saved.id))!
}

const actions: [string, (db: RelaisDb, c: LocalRecord<'registration'>) => Promise<unknown>, number][] = [
  ['an edit', (db, c) => editCase(db, c.data, { ...c.data, nationality: 'NER' }, actor.userId), 2],
  ['a status change', (db, c) => changeStatus(db, c, 'assisted', undefined, actor), 2],
  ['a transfer', (db, c) => transferCase(db, c, 'ARL-TC', actor), 2],
  ['a withdrawal of consent', (db, c) => withdrawConsent(db, c, actor), 2],
  [
    'an assistance',
    (db, c) =>
      recordAssistance(
        db,
        c,
        { type: 'nfi_hygiene_kit', quantity: 1, provider: 'IOM Agadez', providedOn: '2026-11-29', notes: undefined },
        actor,
      ),
    1,
  ],
]

describe('what a case action leaves waiting', () => {
  it.each(actions)('%s is one record waiting', async (_what, act, changes) => {
    const db = freshDb()
    const c = await sentCase(db)
    await act(db, c)
    expect(await pendingCount(db)).toBe(changes)
    expect(await waitingRecordCount(db)).toBe(1)
  })

  it("a referral's outcome is one record waiting, its event with it", async () => {
    const db = freshDb()
    const c = await sentCase(db)
    const referral = await refer(
      db,
      c,
      {
        to: 'iom_medical',
        reason: 'Persistent cough',
        urgency: 'urgent',
        consentToShare: true,
        sentOn: '2026-11-29',
        partnerName: undefined,
      },
      actor,
    )
    await db.outbox.clear()
    await updateReferral(
      db,
      c,
      referral,
      { status: 'accepted', statusOn: '2026-11-30', outcomeNotes: undefined },
      actor,
    )
    expect(await pendingCount(db)).toBe(2)
    expect(await waitingRecordCount(db)).toBe(1)
  })
})
