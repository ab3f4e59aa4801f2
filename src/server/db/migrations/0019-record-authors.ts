/**
 * Who wrote each live record of a case (a registration's `registeredBy`, an assistance's
 * `providedBy`, a referral's `sentBy`, a case event's `by`), indexed with the record's
 * site: the staff directory (store/staff.ts) names the authors of the records a user's
 * sites hold, a colleague of another centre whose case was transferred here too, by one
 * look-up per user rather than a read of every record at each sync.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import { isPostgres } from '../open'

/** The case entities and the field of their data that names who wrote them. */
export const AUTHOR_FIELDS = {
  registration: 'registeredBy',
  assistance: 'providedBy',
  referral: 'sentBy',
  caseEvent: 'by',
} as const

/** The records the index holds, as SQL: its condition, which queries repeat (SQLite matches only so). */
export const AUTHORED = sql<boolean>`entity in ('registration', 'assistance', 'referral', 'caseEvent') and deleted = 0`

/** The author's user id of a record's data, as SQL: the index's expression, which queries must repeat to use it. */
export function recordAuthor(db: { getExecutor(): { readonly adapter: unknown } }): RawBuilder<string> {
  // relais_json_text (migration 0011): null where PostgreSQL cannot read a record's JSON
  const field = (name: string) =>
    isPostgres(db) ? sql`relais_json_text(data, ${sql.lit(name)})` : sql`json_extract(data, ${sql.lit(`$.${name}`)})`
  const branches = Object.entries(AUTHOR_FIELDS).map(
    ([entity, name]) => sql`when ${sql.lit(entity)} then ${field(name)}`,
  )
  return sql<string>`(case entity ${sql.join(branches, sql` `)} end)`
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index records_author on records (${recordAuthor(db)}, site_code) where ${AUTHORED}`.execute(db)
}
