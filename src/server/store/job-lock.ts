/**
 * Jobs that must not run twice at once when several server processes, on one host or
 * several, share one PostgreSQL database: seeding the sites, creating the first admin,
 * making or wrapping the server's keys, each retention run, and changing a user (so that
 * the last active admin stays one). Each job has its own
 * transaction-scoped advisory lock, released when its transaction ends, so a process
 * that dies mid-job never leaves it held.
 *
 * Migrations are not here: Kysely's Migrator already takes a PostgreSQL advisory lock
 * of its own around them (PostgresAdapter.acquireMigrationLock) and runs them in one
 * transaction (db/migrate.ts).
 *
 * SQLite: one server process per file (RELAIS_WORKERS needs PostgreSQL), so no lock.
 */
import { sql, type Kysely } from 'kysely'
import { isPostgres, type Db } from '../db/open'
import type { Database } from '../db/schema'

export type Job = 'seed-sites' | 'first-admin' | 'server-keys' | 'retention' | 'users'

/** "RELJ": the first half of every job's lock key; the two-key space never meets the one-key locks. */
const JOB_LOCK_SPACE = 0x52454c4a
const JOB_KEYS: Record<Job, number> = { 'seed-sites': 1, 'first-admin': 2, 'server-keys': 3, retention: 4, users: 5 }

const lockArgs = (job: Job) => sql`${sql.lit(JOB_LOCK_SPACE)}, ${sql.lit(JOB_KEYS[job])}`

/**
 * Runs `work` in a transaction that holds the job's lock (PostgreSQL), waiting for
 * another process that holds it: that one's work is committed when this one starts.
 */
export async function withJobLock<T>(db: Db, job: Job, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    if (isPostgres(db)) await sql`select pg_advisory_xact_lock(${lockArgs(job)})`.execute(trx)
    return work(trx)
  })
}

/**
 * Runs `work` unless another process runs the same job right now (PostgreSQL), in
 * which case it answers `{ ran: false }` without waiting. On SQLite it runs `work` as is.
 */
export async function unlessJobRunning<T>(
  db: Db,
  job: Job,
  work: (db: Kysely<Database>) => Promise<T>,
): Promise<{ ran: true; value: T } | { ran: false }> {
  if (!isPostgres(db)) return { ran: true, value: await work(db) }
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      locked: boolean
    }>`select pg_try_advisory_xact_lock(${lockArgs(job)}) as locked`.execute(trx)
    if (rows[0]?.locked !== true) return { ran: false }
    return { ran: true, value: await work(trx) }
  })
}
