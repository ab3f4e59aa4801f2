/**
 * The staff a user works beside: everyone who shares one of their sites, the admins (who
 * work at every site), and the authors of the case records their sites hold (a colleague
 * of another centre whose case was transferred here, one who has left the site), so that
 * a timeline names them; never the rest of the organisation. An admin's directory is everyone.
 */
import { sql } from 'kysely'
import { canRead } from '../../shared/roles'
import type { Role } from '../../shared/schemas/auth'
import type { StaffMember } from '../../shared/schemas/staff'
import { AUTHORED, AUTHOR_FIELDS, recordAuthor } from '../db/migrations/0019-record-authors'
import { isPostgres, type Db } from '../db/open'

/** Whether `role` reads the case records whose authors the directory names (a monitor does not). */
const readsCases = (role: Role) =>
  (Object.keys(AUTHOR_FIELDS) as (keyof typeof AUTHOR_FIELDS)[]).every((entity) => canRead(role, entity))

/**
 * `users.id` as the index's expression is compared with: in SQLite, without the column's
 * text affinity (unary +), which an index on an expression (no affinity) could not seek
 * with; it would read the whole index instead.
 */
const userIdToMatch = (db: Db) => (isPostgres(db) ? sql`users.id` : sql`+users.id`)

type Caller = { id: string; role: Role; sites: readonly string[] }

export async function staffOf(db: Db, user: Caller): Promise<StaffMember[]> {
  const rows = await staffQuery(db, user).execute()
  return rows.map((row) => ({ id: row.id, name: row.name, role: row.role as StaffMember['role'] }))
}

/** The directory's query, apart so that a test reads its plan. */
export function staffQuery(db: Db, user: Caller) {
  let query = db.selectFrom('users').select(['users.id', 'users.name', 'users.role']).orderBy('users.name')
  if (user.role !== 'admin') {
    const sites = user.sites.length > 0 ? [...user.sites] : ['']
    query = query.where((eb) =>
      eb.or([
        eb('users.role', '=', 'admin'),
        eb('users.id', '=', user.id),
        eb.exists(
          eb
            .selectFrom('user_sites')
            .select('user_sites.user_id')
            .whereRef('user_sites.user_id', '=', 'users.id')
            .where('user_sites.site_code', 'in', sites),
        ),
        // one look-up of the records_author index per user (migration 0019)
        ...(readsCases(user.role)
          ? [
              eb.exists(
                eb
                  .selectFrom('records')
                  .select('records.id')
                  .where(AUTHORED)
                  .where(sql<boolean>`${recordAuthor(db)} = ${userIdToMatch(db)}`)
                  .where('records.site_code', 'in', sites),
              ),
            ]
          : []),
      ]),
    )
  }
  return query
}
