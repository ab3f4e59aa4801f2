/**
 * Whether the person of a case withdrew consent to processing, as the server tells it:
 * it holds the registration without consent to processing and a `consent_withdrawn`
 * case event names it (the phone writes one with every withdrawal). A withdrawal
 * rewrites the case's past versions anonymous, so the event is what is left to tell it
 * from a case registered anonymous from the start, whose work keeps its notes: staff
 * wrote them knowing the case names no one, and they serve the person's assistance.
 * After a withdrawal, work written about the person (by a phone that had not heard of
 * it, most likely) keeps no free text at all: the server cannot read a name in a note,
 * and the person asked to be forgotten (case-file.ts, docs/threat-model.md).
 *
 * A withdrawal written in a change set is noted there, so that the batch's later work
 * sees it before its event reaches the database, and its event cleans nothing twice.
 */
import { sql } from 'kysely'
import { linkedRegistration } from '../db/migrations/0008-case-file'
import { isPostgres } from '../db/open'
import type { ChangeSet } from './change-set'
import type { Trx } from './change-transaction'
import type { StoredRecord } from './records'

/** The kind of the case event a phone writes with a withdrawal of consent. */
export const CONSENT_WITHDRAWN = 'consent_withdrawn'

/** Cases whose withdrawal a change set wrote, the case's work text cleaned (case-file.ts). */
const withdrawnIn = new WeakMap<ChangeSet, Set<string>>()

/** Notes that case `registrationId` was withdrawn in `changes`. */
export function noteWithdrawal(changes: ChangeSet, registrationId: string): void {
  const noted = withdrawnIn.get(changes) ?? new Set<string>()
  noted.add(registrationId)
  withdrawnIn.set(changes, noted)
}

/** Whether `changes` wrote the withdrawal of case `registrationId`. */
export function withdrawnInChangeSet(changes: ChangeSet, registrationId: string): boolean {
  return withdrawnIn.get(changes)?.has(registrationId) ?? false
}

/**
 * Whether the person of `registration` (the server's latest version) withdrew consent;
 * `changes`, the change set being written, when its writes are not all flushed.
 */
export async function isWithdrawnCase(
  trx: Trx,
  registration: StoredRecord | undefined,
  changes?: ChangeSet,
): Promise<boolean> {
  if (registration?.entity !== 'registration' || registration.data?.consentProcessing !== false) return false
  if (changes && withdrawnInChangeSet(changes, registration.id)) return true
  // the case's events are found by their case (index records_registration, migration 0008)
  const kind = isPostgres(trx) ? sql`((data::jsonb) ->> 'kind')` : sql`json_extract(data, '$.kind')`
  const event = await trx
    .selectFrom('records')
    .select('id')
    // the index's own condition, written as it is, for SQLite to use it
    .where(sql<boolean>`entity in ('assistance', 'referral', 'caseEvent')`)
    .where('entity', '=', 'caseEvent')
    .where(sql<boolean>`${linkedRegistration(trx)} = ${registration.id}`)
    .where(sql<boolean>`${kind} = ${CONSENT_WITHDRAWN}`)
    .limit(1)
    .executeTakeFirst()
  return event !== undefined
}
