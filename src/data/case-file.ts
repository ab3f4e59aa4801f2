/**
 * Reads of the case file that never open the rest of the phone: one case with only the
 * records linked to it (found by their clear `registrationId`, Dexie v4 index), and the
 * open referrals (found by their clear `openReferral` flag).
 */
import { isOpenReferral } from '@/shared/schemas/referral'
import { recordTable, type RelaisDb } from './db'
import { decodeRecord, type LocalRecord, type RecordRow } from './records'

export interface CaseFile {
  registration: LocalRecord<'registration'>
  assistance: LocalRecord<'assistance'>[]
  referrals: LocalRecord<'referral'>[]
  events: LocalRecord<'caseEvent'>[]
}

/** The case `id` and its linked records; null when this phone does not hold the case. */
export async function loadCaseFile(db: RelaisDb, id: string): Promise<CaseFile | null> {
  // every read before any decryption: a live query tracks the tables it reads, and
  // awaiting WebCrypto in between would lose that tracking
  const [row, assistanceRows, referralRows, eventRows] = await Promise.all([
    db.registrations.get(id),
    linkedRows(db, 'assistance', id),
    linkedRows(db, 'referral', id),
    linkedRows(db, 'caseEvent', id),
  ])
  if (!row) return null
  const [registration, assistance, referrals, events] = await Promise.all([
    decodeRecord(db, row),
    Promise.all(assistanceRows.map((r) => decodeRecord(db, r))),
    Promise.all(referralRows.map((r) => decodeRecord(db, r))),
    Promise.all(eventRows.map((r) => decodeRecord(db, r))),
  ])
  return { registration, assistance, referrals, events }
}

function linkedRows<E extends 'assistance' | 'referral' | 'caseEvent'>(
  db: RelaisDb,
  entity: E,
  registrationId: string,
): Promise<RecordRow<E>[]> {
  return recordTable(db, entity).where('registrationId').equals(registrationId).toArray()
}

/**
 * The referrals still waiting for an answer (pending or accepted), found by their flag's
 * index (db.ts v8): only those rows are read and decrypted, however many referrals the
 * centre holds. A row saved before the flag existed is flagged open until it is written
 * again: it is opened, and kept only if it is open.
 */
export async function listOpenReferrals(db: RelaisDb): Promise<LocalRecord<'referral'>[]> {
  const rows = await db.referrals.where('openReferral').equals(1).toArray()
  const referrals = await Promise.all(rows.map((row) => decodeRecord(db, row)))
  return referrals.filter((referral) => isOpenReferral(referral.data))
}
