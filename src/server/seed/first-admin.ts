/**
 * First start: when no user exists, create an admin from RELAIS_ADMIN_USERNAME and
 * RELAIS_ADMIN_PASSWORD, or with a generated password that the banner prints once.
 * Several processes may first-start on one PostgreSQL at once: the creation runs under
 * the `first-admin` lock (store/job-lock.ts) and counts the users again inside it, so
 * exactly one of them creates the admin and prints its password.
 */
import { randomUUID } from 'node:crypto'
import type { Db } from '../db/open'
import { generatePassword, hashPassword } from '../auth/password'
import { withJobLock } from '../store/job-lock'
import { countUsers } from '../store/users'

export interface FirstAdmin {
  id: string
  username: string
  /** Set only when the server made the password up: it is shown this once. */
  generatedPassword: string | undefined
}

export async function ensureFirstAdmin(
  db: Db,
  admin: { username: string; password: string | undefined },
): Promise<FirstAdmin | undefined> {
  if ((await countUsers(db)) > 0) return undefined
  const generatedPassword = admin.password === undefined ? generatePassword() : undefined
  // hashed before the lock: scrypt takes a tenth of a second that no other process need wait for
  const passwordHash = await hashPassword(admin.password ?? generatedPassword ?? '')
  return withJobLock(db, 'first-admin', async (trx) => {
    if ((await countUsers(trx)) > 0) return undefined
    const id = randomUUID()
    await trx
      .insertInto('users')
      .values({
        id,
        username: admin.username,
        name: 'Administrator',
        role: 'admin',
        password_hash: passwordHash,
        active: 1,
        created_at: new Date().toISOString(),
      })
      .execute()
    return { id, username: admin.username, generatedPassword }
  })
}
