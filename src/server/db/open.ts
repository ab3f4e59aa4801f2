/**
 * Opens the database: the embedded SQLite file under RELAIS_DATA_DIR, or PostgreSQL
 * when DATABASE_URL is set. Both run the same migrations and queries; the one place
 * they differ is how concurrent writers are kept in order (store/change-transaction.ts).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect } from 'kysely'
import type { CustomTypesConfig } from 'pg'
import type { Database } from './schema'

export type Db = Kysely<Database>

export async function openDatabase(options: { dataDir: string; databaseUrl: string | undefined }): Promise<Db> {
  if (options.databaseUrl !== undefined) {
    return openPostgres(options.databaseUrl)
  }
  mkdirSync(options.dataDir, { recursive: true })
  return openSqlite(sqliteFile(options.dataDir))
}

export function sqliteFile(dataDir: string): string {
  return join(dataDir, 'relais.sqlite')
}

const sqliteHandles = new WeakMap<object, SqliteDatabase.Database>()

/** The better-sqlite3 handle under a Kysely instance opened by openSqlite, for prepared statements. */
export function sqliteHandle<DB>(db: Kysely<DB>): SqliteDatabase.Database | undefined {
  return sqliteHandles.get(db)
}

export function openSqlite(file: string): Db {
  const database = new SqliteDatabase(file)
  // WAL: readers don't wait for the writer, and a crash never leaves half a batch
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = NORMAL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) })
  sqliteHandles.set(db, database)
  return db
}

export async function openPostgres(connectionString: string): Promise<Db> {
  const { default: pg } = await import('pg')
  const types = {
    // counts come back as int8, which pg gives as strings: ours stay far below 2^53
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format),
  }
  const pool = new pg.Pool({ connectionString, max: 10, types: types as CustomTypesConfig })
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

export function isPostgres(db: { getExecutor(): { readonly adapter: unknown } }): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}
