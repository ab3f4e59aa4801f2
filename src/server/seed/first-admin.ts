/**
 * First start: when no user exists, create an admin from RELAIS_ADMIN_USERNAME and
 * RELAIS_ADMIN_PASSWORD, or with a generated password that the banner prints once.
 */
import type { Db } from '../db/open'
import { generatePassword } from '../auth/password'
import { countUsers, createUser } from '../store/users'

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
  const user = await createUser(db, {
    username: admin.username,
    password: admin.password ?? generatedPassword ?? '',
    name: 'Administrator',
    role: 'admin',
    sites: [],
  })
  return { id: user.id, username: admin.username, generatedPassword }
}
