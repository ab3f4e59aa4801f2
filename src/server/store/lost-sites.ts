/**
 * The sites each user lost: when an admin takes a site away, (user, site, until) is
 * kept, so that work the user's phone still sends there afterwards is told apart from
 * work at a site they never had (lost-site-work.ts keeps the first for a supervisor).
 */
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema'

type Db = Kysely<Database>

/** Notes the sites of `before` that `after` no longer holds; inside the change of the user's sites. */
export async function noteLostSites(
  trx: Db,
  userId: string,
  before: readonly string[],
  after: readonly string[],
  at = new Date().toISOString(),
): Promise<void> {
  const kept = new Set(after)
  const lost = [...new Set(before)].filter((code) => !kept.has(code))
  if (lost.length === 0) return
  await trx
    .insertInto('user_lost_sites')
    .values(lost.map((site_code) => ({ user_id: userId, site_code, until: at })))
    .onConflict((oc) => oc.columns(['user_id', 'site_code']).doUpdateSet({ until: at }))
    .execute()
}

/** Which of `sites` the user had and lost. */
export async function lostSitesOf(db: Db, userId: string, sites: readonly string[]): Promise<Set<string>> {
  if (sites.length === 0) return new Set()
  const rows = await db
    .selectFrom('user_lost_sites')
    .select('site_code')
    .where('user_id', '=', userId)
    .where('site_code', 'in', [...new Set(sites)])
    .execute()
  return new Set(rows.map((row) => row.site_code))
}
