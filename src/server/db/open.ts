/**
 * Opens the database: the embedded SQLite file under RELAIS_DATA_DIR, or PostgreSQL
 * when DATABASE_URL is set (the next issue hardens that path; the seam is here).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect } from 'kysely'
import type { Database } from './schema'

export type Db = Kysely<Database>

export async function openDatabase(options: { dataDir: string; databaseUrl: string | undefined }): Promise<Db> {
  if (options.databaseUrl !== undefined) {
    const { default: pg } = await import('pg')
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10 })
    return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  }
  mkdirSync(options.dataDir, { recursive: true })
  return openSqlite(sqliteFile(options.dataDir))
}

export function sqliteFile(dataDir: string): string {
  return join(dataDir, 'relais.sqlite')
}

export function openSqlite(file: string): Db {
  const database = new SqliteDatabase(file)
  // WAL: readers don't wait for the writer, and a crash never leaves half a batch
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = NORMAL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  return new Kysely<Database>({ dialect: new SqliteDialect({ database }) })
}
