/**
 * Reads one case file: the registration and only the records linked to it. Linked rows
 * are found by their clear `registrationId` (Dexie v4 index), so opening a case decrypts
 * that case and its own assistance, referrals and events, never the rest of the phone.
 */
import type { RelaisDb } from '@/data/db'
import { recordTable } from '@/data/db'
import { decodeRecord, type LocalRecord, type RecordRow } from '@/data/records'

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
