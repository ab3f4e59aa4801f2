/**
 * Issue 9, the Numbers: an index per counted entity on the day its figures go by
 * (a tally's `observedAt`, a registration's `registeredOn`, an assistance's
 * `providedOn`, a referral's `sentOn`), read from the record's JSON, over its live
 * records only. A dashboard over a month of a million tallies then reads that month
 * alone, in index order (stats/read-records.ts pages on the same expression).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely'
import { isPostgres } from '../open'

/** The entities the Numbers count by a date, and the field of their data that holds it. */
export const STATS_DAY_FIELDS = {
  flowCount: 'observedAt',
  registration: 'registeredOn',
  assistance: 'providedOn',
  referral: 'sentOn',
} as const
export type StatsEntity = keyof typeof STATS_DAY_FIELDS

/** The date text of a record's data, as SQL: the indexes' expression, which queries must repeat to use them. */
export function statsDay(
  db: { getExecutor(): { readonly adapter: unknown } },
  entity: StatsEntity,
): RawBuilder<string> {
  const field = STATS_DAY_FIELDS[entity]
  return isPostgres(db)
    ? sql<string>`relais_json_text(data, ${sql.lit(field)})`
    : sql<string>`json_extract(data, ${sql.lit(`$.${field}`)})`
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) {
    // a top-level text field of a record's JSON, or null where PostgreSQL cannot read the
    // JSON: jsonb refuses a \u0000 escape, which records stored before migration 0007 may
    // hold until the server heals them at start (store/heal-records.ts); an index on a
    // plain cast would make this migration fail on such a database
    await sql`create or replace function relais_json_text(doc text, field text) returns text
      language plpgsql immutable strict parallel safe as $$
      begin
        return doc::jsonb ->> field;
      exception when untranslatable_character or invalid_text_representation then
        return null;
      end $$`.execute(db)
  }
  for (const entity of Object.keys(STATS_DAY_FIELDS) as StatsEntity[]) {
    await sql`create index ${sql.id(`records_${entity.toLowerCase()}_day`)} on records (${statsDay(db, entity)}, id) where entity = ${sql.lit(entity)} and deleted = 0`.execute(
      db,
    )
  }
}
