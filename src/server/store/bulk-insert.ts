/**
 * Inserts many rows into one table, the fastest way each database offers. SQLite:
 * one cached prepared statement run per row on the better-sqlite3 handle (everything
 * is in process, so a row costs microseconds; building and preparing one 500-row
 * statement each time costs more). PostgreSQL: one multi-row INSERT per chunk, one
 * round trip, its text built here rather than by Kysely's query builder (which costs
 * more than the insert for 500 rows). Either way inside the caller's transaction: on SQLite the handle is the
 * transaction's one connection, which Kysely holds for it.
 */
import type { Database as SqliteHandle, Statement } from 'better-sqlite3'
import { CompiledQuery, type Insertable } from 'kysely'
import { isPostgres } from '../db/open'
import type { Database } from '../db/schema'
import type { Trx } from './change-transaction'

/** Rows per INSERT: 500 × 10 columns stays far below PostgreSQL's parameter limit. */
const CHUNK = 500

type Table = 'records' | 'record_versions' | 'mutations'
type Row<T extends Table> = Insertable<Database[T]>

export const COLUMNS = {
  records: ['id', 'entity', 'site_code', 'rev', 'deleted', 'data', 'seq', 'device_id', 'user_id', 'updated_at'],
  record_versions: [
    'record_id',
    'rev',
    'entity',
    'deleted',
    'data',
    'device_id',
    'user_id',
    'mutation_id',
    'server_time',
  ],
  mutations: ['mutation_id', 'record_id', 'status', 'rev', 'device_id', 'user_id', 'answered_at'],
} as const satisfies { [T in Table]: readonly (keyof Database[T] & string)[] }

/** records is upserted: a record's latest version replaces the one before. */
const UPSERT: { [T in Table]?: string } = {
  records: `on conflict (id) do update set ${COLUMNS.records
    .filter((c) => c !== 'id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}`,
}

const statements = new WeakMap<SqliteHandle, Map<Table, Statement>>()

function sqliteStatement(handle: SqliteHandle, table: Table): Statement {
  let cache = statements.get(handle)
  if (!cache) statements.set(handle, (cache = new Map()))
  let statement = cache.get(table)
  if (!statement) {
    const columns = COLUMNS[table]
    const sql = `insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')}) ${UPSERT[table] ?? ''}`
    statement = handle.prepare(sql)
    cache.set(table, statement)
  }
  return statement
}

export async function bulkInsert<T extends Table>(
  trx: Trx,
  sqlite: SqliteHandle | undefined,
  table: T,
  rows: Row<T>[],
): Promise<void> {
  if (rows.length === 0) return
  const columns: readonly string[] = COLUMNS[table]
  const values = (row: Row<T>) => columns.map((column) => (row as Record<string, unknown>)[column] ?? null)
  if (sqlite) {
    const statement = sqliteStatement(sqlite, table)
    for (const row of rows) statement.run(values(row))
    return
  }
  // without a handle (SQLite inside a migration, or PostgreSQL): multi-row statements in the dialect's placeholders
  const placeholder = isPostgres(trx) ? (n: number) => `$${n}` : () => '?'
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK)
    const tuples = chunk.map((_, r) => `(${columns.map((_, c) => placeholder(r * columns.length + c + 1)).join(', ')})`)
    const sql = `insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')} ${UPSERT[table] ?? ''}`
    await trx.executeQuery(CompiledQuery.raw(sql, chunk.flatMap(values)))
  }
}
