/**
 * Work sent to a site its author had lost (issue 9, access follows the user). A phone
 * may still hold changes at a site an admin took away from its user; the push refuses
 * them (`forbidden` at `siteCode` for a new record, `unavailable` for one the server
 * holds). When the site is one the author had (lost-sites.ts), the refused mutation is
 * kept, sealed to the server's active key (sealed-batch.ts: only the server's private
 * key opens it, and with RELAIS_KEY_SECRET that key is itself encrypted at rest), so
 * that a supervisor or admin covering the site can:
 * - accept it: the server applies it as a push by its author from the author's device,
 *   with every rule of a push (conflicts, links and case rules within that site), in one
 *   change transaction with the refusal's closing and the audit entry. The author's
 *   mutation id now answers with the new outcome: the phone's resend is a `duplicate`
 *   of an applied mutation, and its entry leaves the outbox;
 * - discard it: the content is deleted, and the refusal says so (`discarded_by_supervisor`)
 *   to the phone that asks again.
 * Its free text (an assistance's notes, a referral's reason and outcome) is sealed apart,
 * and the case it is about named in clear (kept-work-seal.ts), so that a withdrawal of
 * consent erases that text without opening anything (withdrawn-kept-work.ts). The content
 * goes as soon as the refusal closes, however it closes: nothing can accept it then.
 * Work at a site the author never had is refused as before, and nothing of it is kept.
 * Work on a case that moved away from its author is kept and decided the same way, at
 * the case's site now (moved-case-work.ts).
 */
import { DISCARDED_BY_SUPERVISOR } from '../../shared/kept-work'
import type { SessionUser } from '../../shared/schemas/auth'
import type { DecidedWork } from '../../shared/schemas/rejections'
import type { FieldError, Mutation } from '../../shared/schemas/sync'
import { isSupervisorOrAdmin, mayUseSite } from '../../shared/roles'
import type { Db } from '../db/open'
import { audit, type Actor } from './audit'
import { caseNumbersOf, moveTransferredRecords } from './case-file'
import { ChangeSet, serializeAhead } from './change-set'
import { inChangeTransaction, type Trx } from './change-transaction'
import { parseBatchData } from './check-mutation'
import { activeServerKey, openKeptWork, sealKeptWork } from './kept-work-seal'
import { lostSitesOf } from './lost-sites'
import { atCaseSite, caseSites } from './moved-case-work'
import { applyOne } from './push'
import type { Refusal } from './rejections'
import type { ServerKeyring } from './server-keys'
import { toSessionUser, userById } from './users'
import { keptErrors, keptTextAfterWithdrawal } from './withdrawn-kept-work'

export interface KeptRefusal {
  rejectionId: string
  refusal: Refusal
  site: string | null
}

/** The site alone made the refusal: a new record at it, or one the server holds there. */
function refusedForSiteOnly({ refusal, site }: KeptRefusal): boolean {
  if (site === null || refusal.errors.length !== 1) return false
  const [error] = refusal.errors as [FieldError]
  if (error.code === 'forbidden') return error.path.length === 1 && error.path[0] === 'siteCode'
  return error.code === 'unavailable' && error.path.length === 0 && refusal.stored?.siteCode === site
}

/** Keeps, sealed, the refusals of work at sites the author lost; inside the push's transaction. */
export async function keepLostSiteWork(trx: Trx, userId: string, refused: readonly KeptRefusal[]): Promise<void> {
  const candidates = refused.filter((item) => refusedForSiteOnly(item))
  if (candidates.length === 0) return
  const lost = await lostSitesOf(
    trx,
    userId,
    candidates.map((item) => item.site as string),
  )
  const kept = candidates.filter((item) => lost.has(item.site as string))
  if (kept.length === 0) return
  const key = await activeServerKey(trx)
  if (!key) return // the server makes its key at start: never without one
  const at = new Date().toISOString()
  const rows = await Promise.all(
    kept.map(async ({ rejectionId, refusal }) => ({
      rejection_id: rejectionId,
      ...(await keptTextAfterWithdrawal(trx, await sealKeptWork(key, refusal.mutation))),
      kept_at: at,
    })),
  )
  await trx.insertInto('lost_site_work').values(rows).execute()
}

/**
 * Deletes the kept work of these refusals, which close: the author discarded their change
 * on the phone, or got the record accepted from it (rejections.ts).
 */
export async function dropLostSiteWork(db: Db, rejectionIds: readonly string[]): Promise<void> {
  if (rejectionIds.length === 0) return
  await db
    .deleteFrom('lost_site_work')
    .where('rejection_id', 'in', [...rejectionIds])
    .execute()
}

interface KeptWork {
  id: string
  mutationId: string
  recordId: string
  entity: string
  /** The site the work is at: the one it was sent to, or, for work on a case that moved, the case's now. */
  siteCode: string
  deviceId: string
  userId: string
  kid: string
  sealed: string
  /** Its free text sealed apart, or null: it had none, or a withdrawal of consent erased it. */
  sealedText: string | null
  /** Work on a case that moved (moved-case-work.ts): applied at the case's site now. */
  caseWork: boolean
}

/** Closes the refusal `id` as decided, and deletes the content kept with it. */
async function closeKeptWork(
  trx: Db,
  id: string,
  closing: { closed_at: string; closed_how: 'accepted' | 'discarded'; errors?: string },
): Promise<void> {
  await trx.updateTable('rejections').set(closing).where('id', '=', id).execute()
  await trx.deleteFrom('lost_site_work').where('rejection_id', '=', id).execute()
}

/** The open kept work `id`, when the viewer covers its site. */
async function keptWork(db: Db, viewer: SessionUser, id: string): Promise<KeptWork | undefined> {
  const row = await db
    .selectFrom('rejections')
    .innerJoin('lost_site_work', 'lost_site_work.rejection_id', 'rejections.id')
    .select([
      'rejections.id',
      'rejections.mutation_id',
      'rejections.record_id',
      'rejections.entity',
      'rejections.site_code',
      'rejections.device_id',
      'rejections.user_id',
      'lost_site_work.kid',
      'lost_site_work.sealed',
      'lost_site_work.case_id',
      'lost_site_work.sealed_text',
    ])
    .where('rejections.id', '=', id)
    .where('rejections.closed_at', 'is', null)
    .executeTakeFirst()
  if (!row) return undefined
  // work on a case that moved is at the case's site now, wherever it went since
  const site = row.case_id === null ? row.site_code : (await caseSites(db, [row.case_id])).get(row.case_id)
  if (!site || !isSupervisorOrAdmin(viewer.role) || !mayUseSite(viewer, site)) return undefined
  return {
    id: row.id,
    mutationId: row.mutation_id,
    recordId: row.record_id,
    entity: row.entity,
    siteCode: site,
    deviceId: row.device_id,
    userId: row.user_id,
    kid: row.kid,
    sealed: row.sealed,
    sealedText: row.sealed_text,
    caseWork: row.case_id !== null,
  }
}

/** Kept work's mutation as it is applied: as sent, or work on a case that moved, at the case's site now. */
async function openForAccept(keys: ServerKeyring, work: KeptWork): Promise<Mutation | undefined> {
  const mutation = await openKeptWork(keys, work)
  return mutation && work.caseWork ? atCaseSite(mutation, work.siteCode) : mutation
}

const notFound = (id: string): DecidedWork => ({ id, status: 'not_found' })

/**
 * Applies each kept work as a push by its author (in request order, one change
 * transaction each): `applied`, `merged` or `conflict` close the refusal; a change the
 * rules still refuse (say, a link to a case that left the site) answers `rejected`
 * with its errors and stays open, for the supervisor to discard.
 */
export async function acceptLostSiteWork(
  db: Db,
  keys: ServerKeyring,
  actor: Actor & { user: SessionUser },
  ids: readonly string[],
): Promise<DecidedWork[]> {
  const decided: DecidedWork[] = []
  for (const id of new Set(ids)) {
    const work = await keptWork(db, actor.user, id)
    const mutation = work && (await openForAccept(keys, work))
    const author = work && (await userById(db, work.userId))
    if (!work || !mutation || !author) {
      decided.push(notFound(id))
      continue
    }
    // the author, within the one site the work is at: links and case rules hold there
    const ctx = {
      user: { ...toSessionUser(author), sites: [work.siteCode] },
      deviceId: work.deviceId,
    }
    const parsed = parseBatchData([mutation])
    for (const result of parsed.values()) if (result.success) serializeAhead(result.data)
    decided.push(
      await inChangeTransaction(db, async (trx): Promise<DecidedWork> => {
        const open = await trx
          .selectFrom('rejections')
          .select('id')
          .where('id', '=', id)
          .where('closed_at', 'is', null)
          .executeTakeFirst()
        if (!open) return notFound(id) // decided meanwhile
        const changes = await ChangeSet.open(db, trx, [mutation.recordId], { caseFile: true })
        await changes.loadCaseNumbers(caseNumbersOf(parsed.values()))
        const at = new Date().toISOString()
        const result = await applyOne(trx, changes, ctx, mutation, at, parsed.get(mutation))
        if (result.status === 'rejected' || result.status === 'duplicate') {
          // nothing was written: the transaction ends without a flush
          const errors = (result.errors ?? []).map(({ path, code }) => ({ path, code }))
          return { id, status: 'rejected', errors }
        }
        await moveTransferredRecords(changes, trx, ctx, at)
        await changes.flush()
        // the author's mutation id now stands for this outcome (rule 1): the phone's resend is its duplicate
        await trx
          .updateTable('mutations')
          .set({ status: result.status, rev: result.rev ?? null })
          .where('mutation_id', '=', mutation.mutationId)
          .execute()
        await closeKeptWork(trx, id, { closed_at: at, closed_how: 'accepted' })
        await audit(trx, {
          action: 'rejection_accepted',
          actorUserId: actor.user.id,
          deviceId: actor.deviceId,
          target: mutation.recordId,
          details: { rejection: id, entity: mutation.entity, author: work.userId, status: result.status },
        })
        return { id, status: result.status, ...(result.rev === undefined ? {} : { rev: result.rev }) }
      }),
    )
  }
  return decided
}

/**
 * Deletes each kept work's content and closes its refusal; the refusal's errors gain
 * `discarded_by_supervisor`, which the author's phone is told when it asks again.
 */
export async function discardLostSiteWork(
  db: Db,
  actor: Actor & { user: SessionUser },
  ids: readonly string[],
): Promise<DecidedWork[]> {
  const decided: DecidedWork[] = []
  for (const id of new Set(ids)) {
    const work = await keptWork(db, actor.user, id)
    if (!work) {
      decided.push(notFound(id))
      continue
    }
    decided.push(
      await db.transaction().execute(async (trx): Promise<DecidedWork> => {
        const open = await trx
          .selectFrom('rejections')
          .select('errors')
          .where('id', '=', id)
          .where('closed_at', 'is', null)
          .executeTakeFirst()
        if (!open) return notFound(id)
        // what the phone learns when it asks again about the change
        const errors = [...keptErrors(open.errors), { path: [], code: DISCARDED_BY_SUPERVISOR }]
        await closeKeptWork(trx, id, {
          closed_at: new Date().toISOString(),
          closed_how: 'discarded',
          errors: JSON.stringify(errors),
        })
        await audit(trx, {
          action: 'rejection_discarded',
          actorUserId: actor.user.id,
          deviceId: actor.deviceId,
          target: work.recordId,
          details: { rejection: id, entity: work.entity, author: work.userId },
        })
        return { id, status: 'discarded' }
      }),
    )
  }
  return decided
}
