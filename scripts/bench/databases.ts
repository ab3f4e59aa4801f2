/** The bench's databases: a temporary SQLite file, and a fresh PostgreSQL database when one answers. */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { migrateToLatest } from '../../src/server/db/migrate'
import { openPostgres, openSqlite, type Db } from '../../src/server/db/open'

export type BenchDatabase = 'SQLite' | 'PostgreSQL'

export const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

export interface OpenDatabase {
  db: Db
  /** What a server process needs in its environment to open this same database. */
  serverEnv: Record<string, string>
  dispose(): Promise<void>
}

async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 })
  await client.connect()
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}

export async function postgresAnswers(): Promise<boolean> {
  return adminQuery('select 1').then(
    () => true,
    () => false,
  )
}

/** A new, migrated database of the kind asked; dispose() closes and removes it. */
export async function freshDatabase(kind: BenchDatabase): Promise<OpenDatabase> {
  if (kind === 'SQLite') {
    const dir = mkdtempSync(join(tmpdir(), 'relais-bench-'))
    const db = openSqlite(join(dir, 'relais.sqlite'))
    await migrateToLatest(db)
    return {
      db,
      serverEnv: { RELAIS_DATA_DIR: dir },
      async dispose() {
        await db.destroy()
        rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const name = `relais_bench_${randomBytes(6).toString('hex')}`
  await adminQuery(`create database ${name}`)
  const url = new URL(POSTGRES_ADMIN_URL)
  url.pathname = `/${name}`
  const db = await openPostgres(url.toString())
  await migrateToLatest(db)
  return {
    db,
    serverEnv: { DATABASE_URL: url.toString() },
    async dispose() {
      await db.destroy()
      await adminQuery(`drop database if exists ${name} with (force)`)
    },
  }
}
