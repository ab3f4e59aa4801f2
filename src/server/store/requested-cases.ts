/**
 * The cases a supervisor's request names by id (a merge, a pair marked as two people):
 * live registrations at the caller's sites. A case elsewhere is as unknown as one that
 * does not exist (404). An id written otherwise than in lowercase names a case only by
 * its exact spelling (one stored so before the rule, as a push reaches it); naming none,
 * it answers `uuid_not_lowercase` at its field (http/id-spelling.ts), never a second
 * spelling stored beside the case's own.
 */
import { mayUseSite } from '../../shared/roles'
import type { SessionUser } from '../../shared/schemas/auth'
import { notFound } from '../http/api-error'
import { otherSpellings } from '../http/id-spelling'
import type { ChangeSet } from './change-set'
import type { RecordData, StoredRecord } from './records'

export type RequestedCase = StoredRecord & { data: RecordData }

/** The live registration `id` at one of the caller's sites, or undefined. */
export async function reachableCase(
  changes: ChangeSet,
  user: SessionUser,
  id: string,
): Promise<RequestedCase | undefined> {
  const record = await changes.record(id)
  if (!record || record.deleted || record.data === null || record.entity !== 'registration') return undefined
  return mayUseSite(user, record.siteCode) ? (record as RequestedCase) : undefined
}

/**
 * The case each field of `ids` names. Throws 400 `uuid_not_lowercase` at every field whose
 * id, written otherwise than in lowercase, names none; else 404 for the first that names none.
 */
export async function requestedCases<F extends string>(
  changes: ChangeSet,
  user: SessionUser,
  ids: Record<F, string>,
): Promise<Record<F, RequestedCase>> {
  const fields = Object.keys(ids) as F[]
  const found: (RequestedCase | undefined)[] = []
  for (const field of fields) found.push(await reachableCase(changes, user, ids[field]))
  const missing = fields.filter((_, i) => found[i] === undefined)
  const first = missing[0]
  if (first !== undefined) {
    throw otherSpellings(missing.map((field) => ({ path: [field], id: ids[field] }))) ?? notFound(`Case ${ids[first]}`)
  }
  return Object.fromEntries(fields.map((field, i) => [field, found[i]])) as Record<F, RequestedCase>
}
