/**
 * Work on a case that moved away from its author. A registrar who covers one centre
 * records, offline, an assistance, a referral, an edit of the case or of its records, for a
 * person who really was in front of them; meanwhile another phone transferred the case to
 * a centre this registrar does not cover. The push refuses the work (`unavailable`: at
 * `registrationId` for a new record, as a whole for an edit of one that moved with the
 * case) and the phone cannot fix it. So the server keeps it, as it keeps work at a lost
 * site (lost-site-work.ts), for a supervisor of wherever the case is now, who accepts it
 * (applied as the author's push, at the case's site) or discards it. The refusal's errors
 * gain `kept_for_case_site`, which the author's phone is told, now and when it asks again.
 *
 * Kept only when the case left the very centre the work names (a departure from that
 * site, one the author covers) and is at none of the author's sites now: an id the author
 * never had at their centre keeps nothing, and a push answers as before. A transfer refused
 * so (its case event) is not work on the person and stays refused, as does an event only
 * the server writes.
 *
 * The work's site is its case's, read when it is listed or decided, so that it follows the
 * case if it moves again. Its free text (an assistance's notes, a referral's reason and
 * outcome) is sealed apart from the rest (`sealed_text`), as for all kept work
 * (kept-work-seal.ts), so that a withdrawal of consent erases it without opening anything
 * (withdrawn-kept-work.ts).
 */
import { SERVER_EVENT_KINDS } from '../../shared/case-rules'
import { KEPT_FOR_CASE_SITE } from '../../shared/kept-work'
import type { SessionUser } from '../../shared/schemas/auth'
import { HOUSEHOLD_EVENT_KINDS } from '../../shared/schemas/case-event'
import type { FieldError, Mutation } from '../../shared/schemas/sync'
import { mayUseSite } from '../../shared/roles'
import { CASE_PARTS } from '../../shared/site-kinds'
import type { Db } from '../db/open'
import type { Trx } from './change-transaction'
import { activeServerKey, sealKeptWork } from './kept-work-seal'
import { UNAVAILABLE } from './out-of-scope'
import type { RecordData } from './records'
import type { Refusal } from './rejections'
import { keptTextAfterWithdrawal } from './withdrawn-kept-work'

export { KEPT_FOR_CASE_SITE }

/** What the refusal of kept case work says beside its own errors, to its author's phone and in the list. */
export const keptForCaseSite = (): FieldError => ({
  path: [],
  code: KEPT_FOR_CASE_SITE,
  message: "Kept for a supervisor of the case's site",
})

/** Case events that are not work on the person: a transfer, and what only the server writes. */
const NOT_KEPT_EVENTS: ReadonlySet<string> = new Set(['transferred', ...HOUSEHOLD_EVENT_KINDS, ...SERVER_EVENT_KINDS])

export interface RefusalToKeep {
  rejectionId: string
  refusal: Refusal
  /** The site the refused record names (rejections.ts, refusedSite). */
  site: string | null
}

/** The case a refusal may be kept for, when its shape says the case moved away: else undefined. */
function caseOf(user: SessionUser, { refusal, site }: RefusalToKeep): string | undefined {
  const { mutation, parsed, stored, errors } = refusal
  if (mutation.op !== 'upsert' || parsed === null || site === null || !mayUseSite(user, site)) return undefined
  if (errors.length !== 1 || errors[0]?.code !== UNAVAILABLE) return undefined
  const { entity } = mutation
  if (entity === 'caseEvent' && NOT_KEPT_EVENTS.has(String(parsed.kind))) return undefined
  const caseId = entity === 'registration' ? parsed.id : CASE_PARTS.includes(entity) ? parsed.registrationId : undefined
  if (typeof caseId !== 'string') return undefined
  const path = errors[0].path
  // a new record of the case: refused at its link, the case being out of reach
  if (stored === undefined) {
    return entity !== 'registration' && path.length === 1 && path[0] === 'registrationId' ? caseId : undefined
  }
  // an edit of a record the server holds: refused as a whole, the record having moved with its case
  const movedAlong = !stored.deleted && stored.entity === entity && stored.siteCode !== site
  return path.length === 0 && movedAlong ? caseId : undefined
}

/**
 * Which of a push's refusals are work on a case that moved away from the author, by
 * refusal id: the case's id. Inside the push's transaction.
 */
export async function movedCaseRefusals(
  trx: Trx,
  user: SessionUser,
  refused: readonly RefusalToKeep[],
): Promise<Map<string, string>> {
  const candidates = refused.flatMap((item) => {
    const caseId = caseOf(user, item)
    return caseId === undefined ? [] : [{ item, caseId }]
  })
  if (candidates.length === 0) return new Map()
  const caseIds = [...new Set(candidates.map((c) => c.caseId))]
  const sites = await caseSites(trx, caseIds)
  const departures = await trx
    .selectFrom('record_departures')
    .select(['record_id', 'from_site'])
    .where('record_id', 'in', caseIds)
    .execute()
  const left = new Set(departures.map((row) => `${row.record_id} ${row.from_site}`))
  const kept = new Map<string, string>()
  for (const { item, caseId } of candidates) {
    const now = sites.get(caseId)
    if (now === undefined || mayUseSite(user, now) || !left.has(`${caseId} ${item.site as string}`)) continue
    const stored = item.refusal.stored
    // an edit: the server's record is where its case is
    if (stored !== undefined && stored.siteCode !== now) continue
    kept.set(item.rejectionId, caseId)
  }
  return kept
}

/** Where each of these cases is now, by id: live registrations only. */
export async function caseSites(db: Db, caseIds: readonly string[]): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map()
  const rows = await db
    .selectFrom('records')
    .select(['id', 'site_code'])
    .where('id', 'in', [...new Set(caseIds)])
    .where('entity', '=', 'registration')
    .where('deleted', '=', 0)
    .execute()
  return new Map(rows.map((row) => [row.id, row.site_code]))
}

/** Keeps, sealed, the refused work of cases that moved, its free text sealed apart; inside the push's transaction. */
export async function keepMovedCaseWork(
  trx: Trx,
  kept: readonly { rejectionId: string; refusal: Refusal; caseId: string }[],
): Promise<void> {
  if (kept.length === 0) return
  const key = await activeServerKey(trx)
  if (!key) return // the server makes its key at start: never without one
  const at = new Date().toISOString()
  const rows = await Promise.all(
    kept.map(async ({ rejectionId, refusal, caseId }) => ({
      rejection_id: rejectionId,
      ...(await keptTextAfterWithdrawal(trx, await sealKeptWork(key, refusal.mutation))),
      kept_at: at,
      case_id: caseId,
    })),
  )
  await trx.insertInto('lost_site_work').values(rows).execute()
}

/** Kept case work as it is applied: at the case's site now (undefined: it holds no record). */
export function atCaseSite(mutation: Mutation, site: string): Mutation | undefined {
  const data = mutation.data as RecordData | undefined
  return data && { ...mutation, data: { ...data, siteCode: site } }
}
