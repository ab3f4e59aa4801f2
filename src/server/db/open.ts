/**
 * Opens the database: the embedded SQLite file under RELAIS_DATA_DIR, or PostgreSQL
 * when DATABASE_URL is set. Both run the same migrations and queries; the one place
 * they differ is how concurrent writers are kept in order (store/change-transaction.ts).
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely'
import type { CustomTypesConfig } from 'pg'
import { ConfigError } from '../env'
import { callbackQueryPool } from './postgres-pool'
import type { Database } from './schema'

export type Db = Kysely<Database>

/**
 * Opens the server's database, or throws a ConfigError naming DATABASE_URL or
 * RELAIS_DATA_DIR: a newcomer's first failed start should say which setting to fix,
 * not "ECONNREFUSED" or "EEXIST" from deep inside a migration.
 */
export async function openDatabase(options: { dataDir: string; databaseUrl: string | undefined }): Promise<Db> {
  if (options.databaseUrl !== undefined) {
    const db = await openPostgres(options.databaseUrl)
    try {
      await sql`select 1`.execute(db)
    } catch (error) {
      await db.destroy().catch(() => undefined)
      throw new ConfigError(
        'DATABASE_URL',
        `cannot connect to ${withoutPassword(options.databaseUrl)}: ${oneLine(error)}`,
      )
    }
    return db
  }
  try {
    mkdirSync(options.dataDir, { recursive: true })
    return openSqlite(sqliteFile(options.dataDir))
  } catch (error) {
    throw new ConfigError('RELAIS_DATA_DIR', `cannot open a database in ${options.dataDir}: ${oneLine(error)}`)
  }
}

/** The URL as it may be printed: a password in it becomes `***`. */
function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password !== '') parsed.password = '***'
    return parsed.toString()
  } catch {
    return 'the URL given'
  }
}

function oneLine(error: unknown): string {
  // a refused connection to a host with several addresses is an AggregateError with no message of its own
  const cause = error instanceof AggregateError && error.errors[0] instanceof Error ? error.errors[0] : error
  const message = cause instanceof Error ? cause.message : String(cause)
  return message.replace(/\s*\n\s*/g, ' ').trim() || (cause instanceof Error ? cause.name : 'unknown error')
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
  // WAL: readers don't wait for the writer, and a crash never leaves half a batch;
  // FULL: a commit is on the disk before its push is answered, power cut or not
  // (NORMAL may lose the last commits to a power loss: a phone would never resend them)
  database.pragma('journal_mode = WAL')
  database.pragma('synchronous = FULL')
  database.pragma('foreign_keys = ON')
  database.pragma('busy_timeout = 5000')
  // freed bytes are overwritten with zeros: what a withdrawal of consent or retention
  // erases leaves no copy in the pages' free space once the log is checkpointed
  database.pragma('secure_delete = ON')
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
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: callbackQueryPool(pool) }) })
}

export function isPostgres(db: { getExecutor(): { readonly adapter: unknown } }): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter
}
