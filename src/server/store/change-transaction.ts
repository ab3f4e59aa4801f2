/**
 * Every transaction that hands out change seqs (records.seq, the pull cursor's order)
 * runs through here.
 *
 * PostgreSQL: a transaction-scoped advisory lock serialises these transactions, so
 * seqs are given out in commit order: a pull that has seen seq n has seen every
 * smaller seq, and never steps past a change that commits later with an earlier seq.
 * The same lock makes two server processes pushing one batch take turns: the second
 * waits, then (READ COMMITTED: each statement sees what committed before it) finds the
 * first one's answers and answers `duplicate`. Unique indexes on mutation ids stay as
 * the last guard; a unique violation, serialization failure or deadlock retries the
 * whole transaction, which then reads the winner's answers.
 *
 * SQLite: one connection per process and one writer per file, so transactions already
 * run one after the other; no lock is needed.
 */
import { sql, type Transaction } from 'kysely'
import type { Db } from '../db/open'
import { isPostgres } from '../db/open'
import type { Database } from '../db/schema'

/** "RELA": the advisory lock key of the change sequence. */
const CHANGE_SEQUENCE_LOCK = 0x52454c41
const RETRYABLE = new Set(['23505', '40001', '40P01'])
const MAX_ATTEMPTS = 5

export type Trx = Transaction<Database>

export async function inChangeTransaction<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  const postgres = isPostgres(db)
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute(async (trx) => {
        await lockChangeSequence(trx)
        return work(trx)
      })
    } catch (error) {
      if (!postgres || attempt >= MAX_ATTEMPTS || !RETRYABLE.has(errorCode(error))) throw error
    }
  }
}

/**
 * Takes the change-sequence lock in a transaction that is already open (a migration);
 * a no-op on SQLite, where the one writer already has it.
 */
export async function lockChangeSequence(trx: Trx): Promise<void> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${sql.lit(CHANGE_SEQUENCE_LOCK)})`.execute(trx)
}

function errorCode(error: unknown): string {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : ''
}
