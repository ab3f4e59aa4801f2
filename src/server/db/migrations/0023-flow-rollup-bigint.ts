/**
 * The flow roll-up's sums (migration 0014) as 64-bit integers on PostgreSQL, as SQLite's
 * integers always are. A tally counts up to 100,000 people in each of four groups, so
 * some 5,400 tallies on one day at one point passed the 2^31 - 1 of an `integer`: the
 * push that crossed it failed whole (400, "A value in the request cannot be stored"), and
 * so did every later batch holding a tally of that day and point. The driver reads int8
 * as a number (db/open.ts), as it read these.
 */
import { sql, type Kysely } from 'kysely'
import { isPostgres } from '../open'

const SUMS: Record<string, string[]> = {
  flow_rollup: [
    'tallies',
    'men',
    'women',
    'boys',
    'girls',
    'total',
    'unaccompanied_children',
    'children_under_5',
    'elderly',
    'pregnant_women',
    'with_disability',
  ],
  flow_rollup_transport: ['tallies', 'total'],
  flow_rollup_nationality: ['count'],
}

export async function up(db: Kysely<unknown>): Promise<void> {
  if (!isPostgres(db)) return
  for (const [table, columns] of Object.entries(SUMS)) {
    const changes = columns.map((column) => sql`alter column ${sql.ref(column)} type bigint`)
    await sql`alter table ${sql.table(table)} ${sql.join(changes)}`.execute(db)
  }
}
