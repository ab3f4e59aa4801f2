/**
 * `relais_json_text` (migration 0011) was marked `parallel safe`, but its exception
 * block opens a subtransaction, which a parallel worker cannot: once the records were
 * many enough for PostgreSQL to plan a parallel scan (some 12,000 tallies), the day
 * figures and exports that read an FMP's statuses failed with "cannot start
 * subtransactions during a parallel operation". PostgreSQL's own rule for such a
 * function is `parallel unsafe`: the queries that call it run in one process, as SQLite's do.
 */
import { sql, type Kysely } from 'kysely'
import { isPostgres } from '../open'

export async function up(db: Kysely<unknown>): Promise<void> {
  if (isPostgres(db)) await sql`alter function relais_json_text(text, text) parallel unsafe`.execute(db)
}
