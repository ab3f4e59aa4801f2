/**
 * Owns the sign_in_attempts table: the slots attempts hold against the sign-in limits
 * (auth/rate-limit.ts). Taking slots is a check and an insert that must not interleave
 * with another attempt's on the same key, whichever process runs it:
 *
 * PostgreSQL: the transaction first takes a transaction-scoped advisory lock per key
 * (username and address), in one fixed order so that two attempts never wait on each
 * other crosswise; the count then sees every slot committed before it (READ COMMITTED).
 * SQLite: one connection per process and one writer per file, so transactions already
 * run one after the other.
 */
import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { newId } from '../../shared/ids'
import { isPostgres, type Db } from '../db/open'
import type { SignInKeyKind } from '../db/schema'

/** "RELS": the first half of the advisory lock key of every sign-in key (the second is the key's hash). */
const SIGN_IN_LOCK_SPACE = 0x52454c53

export interface SignInKey {
  kind: SignInKeyKind
  value: string
  /** Slots this key may hold within the window. */
  limit: number
}

export type TakeResult = { taken: true; attemptId: string } | { taken: false; retryAfterMs: number }

/**
 * What a slot keeps of its key: an address as it is, a username as a SHA-256 of it. The
 * username typed is often something else (a password in the wrong field): the limits
 * need to count it, never to read it, and the audit log keeps it only when it names an
 * account (auth/sign-in.ts).
 */
function storedValue(kind: SignInKeyKind, value: string): string {
  return kind === 'username' ? createHash('sha256').update(`username:${value}`).digest('base64url') : value
}

/** A signed 32-bit hash of a key, the second half of its advisory lock key. */
function lockKey(key: SignInKey): number {
  return createHash('sha256').update(`${key.kind}:${key.value}`).digest().readInt32BE(0)
}

/**
 * Takes one slot for each key, or none when any key already holds its limit within
 * the window; then says how long until the oldest slot that keeps it full leaves it.
 */
export async function takeSignInSlots(db: Db, keys: SignInKey[], windowMs: number, now: Date): Promise<TakeResult> {
  const since = new Date(now.getTime() - windowMs).toISOString()
  const postgres = isPostgres(db)
  return db.transaction().execute(async (trx) => {
    if (postgres) {
      for (const lock of [...new Set(keys.map(lockKey))].sort((a, b) => a - b)) {
        await sql`select pg_advisory_xact_lock(${sql.lit(SIGN_IN_LOCK_SPACE)}, ${sql.lit(lock)})`.execute(trx)
      }
    }
    let retryAfterMs = 0
    for (const key of keys) {
      const held = await trx
        .selectFrom('sign_in_attempts')
        .select('at')
        .where('kind', '=', key.kind)
        .where('value', '=', storedValue(key.kind, key.value))
        .where('at', '>', since)
        .orderBy('at', 'desc')
        .limit(key.limit)
        .execute()
      const oldest = held[key.limit - 1]
      if (oldest) retryAfterMs = Math.max(retryAfterMs, Date.parse(oldest.at) + windowMs - now.getTime())
    }
    if (retryAfterMs > 0) return { taken: false, retryAfterMs }
    const attemptId = newId()
    const at = now.toISOString()
    await trx
      .insertInto('sign_in_attempts')
      .values(
        keys.map((key) => ({
          id: newId(),
          attempt_id: attemptId,
          kind: key.kind,
          value: storedValue(key.kind, key.value),
          at,
        })),
      )
      .execute()
    return { taken: true, attemptId }
  })
}

/** A good attempt: every slot of the username goes, and this attempt's own (its address's). */
export async function releaseSignInSlots(db: Db, attemptId: string, username: string): Promise<void> {
  await db
    .deleteFrom('sign_in_attempts')
    .where((eb) =>
      eb.or([
        eb('attempt_id', '=', attemptId),
        eb.and([eb('kind', '=', 'username'), eb('value', '=', storedValue('username', username))]),
      ]),
    )
    .execute()
}

/** Forgets a username's slots (an admin clears its lock); returns how many there were. */
export async function clearUsernameSlots(db: Db, username: string): Promise<number> {
  const result = await db
    .deleteFrom('sign_in_attempts')
    .where('kind', '=', 'username')
    .where('value', '=', storedValue('username', username))
    .executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** When a username's newest slots were taken (at most `limit`, newest first), of those still in the window. */
export async function usernameSlotTimes(db: Db, username: string, since: Date, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('sign_in_attempts')
    .select('at')
    .where('kind', '=', 'username')
    .where('value', '=', storedValue('username', username))
    .where('at', '>', since.toISOString())
    .orderBy('at', 'desc')
    .limit(limit)
    .execute()
  return rows.map((row) => row.at)
}

/**
 * Of `usernames`, those whose newest `limit` slots all fall in the window (they are
 * refused now), each with the oldest of those slots' time. One read of the window's
 * username slots, matched against the usernames' hashes here: the window holds few.
 */
export async function fullUsernames(
  db: Db,
  usernames: readonly string[],
  since: Date,
  limit: number,
): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('sign_in_attempts')
    .select(['value', 'at'])
    .where('kind', '=', 'username')
    .where('at', '>', since.toISOString())
    .orderBy('at', 'desc')
    .execute()
  const timesByValue = new Map<string, string[]>()
  for (const row of rows) {
    const times = timesByValue.get(row.value) ?? []
    times.push(row.at)
    timesByValue.set(row.value, times)
  }
  const full = new Map<string, string>()
  for (const username of usernames) {
    const oldest = timesByValue.get(storedValue('username', username))?.[limit - 1]
    if (oldest !== undefined) full.set(username, oldest)
  }
  return full
}

/** Deletes slots that left the window: they no longer count (store/retention.ts). */
export async function pruneSignInAttempts(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('sign_in_attempts').where('at', '<', before.toISOString()).executeTakeFirst()
  return Number(result.numDeletedRows)
}
