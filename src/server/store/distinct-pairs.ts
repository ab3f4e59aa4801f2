/**
 * "Not the same person" (docs/api.md, Possible duplicates): a supervisor marks a pair of
 * cases as two people, and the pair leaves the list of possible duplicates
 * (duplicates-find.ts); taking the mark back lists it again. Each in one transaction with
 * its audit entry; a case outside the caller's sites is as unknown as one that does not
 * exist (404), and an id in capitals that names none answers `uuid_not_lowercase`
 * (requested-cases.ts).
 */
import {
  pairKey,
  type DistinctAnswer,
  type DistinctRequest,
  type UndoDistinctAnswer,
  type UndoDistinctRequest,
} from '../../shared/schemas/duplicates'
import type { Db } from '../db/open'
import { notFound } from '../http/api-error'
import { auditBy } from './audit'
import { ChangeSet } from './change-set'
import { inChangeTransaction, type Trx } from './change-transaction'
import type { MergeActor } from './duplicates'
import { requestedCases } from './requested-cases'

/** The pair's key (its ids in text order), once both are live cases at the caller's sites; else 400 or 404. */
async function checkedPair(db: Db, trx: Trx, actor: MergeActor, request: DistinctRequest): Promise<[string, string]> {
  const changes = await ChangeSet.open(db, trx, [request.aId, request.bId])
  await requestedCases(changes, actor.user, { aId: request.aId, bId: request.bId })
  return pairKey(request.aId, request.bId)
}

/** Marks the pair as two people: it is no longer listed. Idempotent. */
export async function markDistinct(db: Db, actor: MergeActor, request: DistinctRequest): Promise<DistinctAnswer> {
  return inChangeTransaction(db, async (trx) => {
    const [a, b] = await checkedPair(db, trx, actor, request)
    await trx
      .insertInto('distinct_pairs')
      .values({ a_id: a, b_id: b, marked_by: actor.user.id, marked_at: new Date().toISOString() })
      .onConflict((oc) => oc.columns(['a_id', 'b_id']).doNothing())
      .execute()
    await auditBy(trx, actor, 'cases_marked_distinct', null, { aId: a, bId: b })
    return { aId: a, bId: b }
  })
}

/** Takes back "not the same person": the pair is listed again. 404 when the pair has no such mark. */
export async function undoDistinct(
  db: Db,
  actor: MergeActor,
  request: UndoDistinctRequest,
): Promise<UndoDistinctAnswer> {
  return inChangeTransaction(db, async (trx) => {
    const [a, b] = await checkedPair(db, trx, actor, request)
    const deleted = await trx
      .deleteFrom('distinct_pairs')
      .where('a_id', '=', a)
      .where('b_id', '=', b)
      .executeTakeFirst()
    if (Number(deleted.numDeletedRows) === 0) throw notFound(`Mark of ${a} and ${b} as different people`)
    await auditBy(trx, actor, 'distinct_undone', null, { aId: a, bId: b })
    return { aId: a, bId: b }
  })
}
