/**
 * Sign-in tokens. The device gets 32 random bytes; the server keeps only their sha256,
 * with the user, the device, an expiry that each sync call pushes forward, and a kind:
 * `full` (the sign-in token) or `push` (valid for push alone: what a locked device keeps).
 */
import { createHash, randomBytes } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Database, TokenKind } from '../db/schema'

type Db = Kysely<Database>
const DAY_MS = 24 * 60 * 60 * 1000

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}

function expiryFrom(now: Date, ttlDays: number): string {
  return new Date(now.getTime() + ttlDays * DAY_MS).toISOString()
}

export async function issueToken(
  db: Db,
  userId: string,
  deviceId: string,
  ttlDays: number,
  now = new Date(),
  kind: TokenKind = 'full',
): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url')
  const expiresAt = expiryFrom(now, ttlDays)
  await db
    .insertInto('tokens')
    .values({
      token_hash: hashToken(token),
      user_id: userId,
      device_id: deviceId,
      created_at: now.toISOString(),
      expires_at: expiresAt,
      kind,
    })
    .execute()
  return { token, expiresAt }
}

export async function findToken(db: Db, token: string) {
  return db.selectFrom('tokens').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst()
}

/** Renews the token's lifetime: a device that syncs now and then never has to sign in again. */
export async function renewToken(db: Db, tokenHash: string, ttlDays: number, now = new Date()): Promise<void> {
  await db
    .updateTable('tokens')
    .set({ expires_at: expiryFrom(now, ttlDays) })
    .where('token_hash', '=', tokenHash)
    .execute()
}
