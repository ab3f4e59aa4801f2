/** Users and their sites. Passwords are kept only as scrypt hashes (auth/password.ts). */
import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { NewUser, SessionUser, User, UserPatch } from '../../shared/schemas/auth'
import type { Database, UsersTable } from '../db/schema'
import { hashPassword } from '../auth/password'
import { ApiError, notFound } from '../http/api-error'
import { noteLostSites } from './lost-sites'
import { withJobLock } from './job-lock'
import { unknownSiteCodes } from './sites'

type Db = Kysely<Database>

async function sitesByUser(db: Db, userIds: readonly string[]): Promise<Map<string, string[]>> {
  const bySite = new Map<string, string[]>(userIds.map((id) => [id, []]))
  if (userIds.length === 0) return bySite
  const rows = await db
    .selectFrom('user_sites')
    .select(['user_id', 'site_code'])
    .where('user_id', 'in', userIds)
    .orderBy('site_code')
    .execute()
  for (const row of rows) bySite.get(row.user_id)?.push(row.site_code)
  return bySite
}

function toUser(row: Selectable<UsersTable>, sites: string[]): User {
  return {
    id: row.id,
    username: row.username,
    name: row.name,
    role: row.role,
    sites,
    active: row.active === 1,
    createdAt: row.created_at,
  }
}

export function toSessionUser(user: User): SessionUser {
  return { id: user.id, username: user.username, name: user.name, role: user.role, sites: user.sites }
}

/** A user with the password hash, for sign-in. */
export async function userForSignIn(db: Db, username: string): Promise<(User & { passwordHash: string }) | undefined> {
  const row = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst()
  if (!row) return undefined
  const sites = (await sitesByUser(db, [row.id])).get(row.id) ?? []
  return { ...toUser(row, sites), passwordHash: row.password_hash }
}

export async function userById(db: Db, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toUser(row, (await sitesByUser(db, [id])).get(id) ?? []) : undefined
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('username').execute()
  const sites = await sitesByUser(
    db,
    rows.map((row) => row.id),
  )
  return rows.map((row) => toUser(row, sites.get(row.id) ?? []))
}

export async function countUsers(db: Db): Promise<number> {
  const row = await db.selectFrom('users').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  return Number(row.n)
}

async function checkSites(db: Db, sites: readonly string[]): Promise<void> {
  const unknown = await unknownSiteCodes(db, sites)
  if (unknown.length > 0) {
    const issues = unknown.map((code) => ({
      path: ['sites', sites.indexOf(code)],
      code: 'unknown_site',
      message: `No site ${code}`,
    }))
    throw new ApiError(400, 'invalid_request', 'Unknown site codes', { issues })
  }
}

/** Adds a user: 400 for unknown site codes, 409 when the username is taken. */
export async function createUser(db: Db, input: NewUser): Promise<User> {
  await checkSites(db, input.sites)
  if (await usernameTaken(db, input.username)) throw nameTaken(input.username)
  const user: User = {
    id: randomUUID(),
    username: input.username,
    name: input.name,
    role: input.role,
    sites: [...new Set(input.sites)].sort(),
    active: true,
    createdAt: new Date().toISOString(),
  }
  const passwordHash = await hashPassword(input.password)
  try {
    await insertUser(db, user, passwordHash)
  } catch (error) {
    // two admins adding the same username at once: the unique index refuses the second
    if (await usernameTaken(db, input.username)) throw nameTaken(input.username)
    throw error
  }
  return user
}

const nameTaken = (username: string) => new ApiError(409, 'already_exists', `Username ${username} is taken`)

async function usernameTaken(db: Db, username: string): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst()) !== undefined
}

async function insertUser(db: Db, user: User, passwordHash: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('users')
      .values({
        id: user.id,
        username: user.username,
        name: user.name,
        role: user.role,
        password_hash: passwordHash,
        active: 1,
        created_at: user.createdAt,
      })
      .execute()
    for (const code of user.sites)
      await trx.insertInto('user_sites').values({ user_id: user.id, site_code: code }).execute()
  })
}

/**
 * Changes a user's name, role, sites (replaced) or active flag: 404 for an unknown
 * user, 400 for unknown sites, 409 `last_admin` when no active admin would be left.
 */
export async function updateUser(db: Db, id: string, patch: UserPatch): Promise<{ before: User; after: User }> {
  if (patch.sites !== undefined) await checkSites(db, patch.sites)
  // one change of a user at a time across processes (PostgreSQL): two admins disabling or
  // demoting each other at once would otherwise each count the other as still active
  return withJobLock(db, 'users', async (trx) => {
    const before = await userById(trx, id)
    if (!before) throw notFound(`User ${id}`)
    const stillAdmin = (patch.role ?? before.role) === 'admin' && (patch.active ?? before.active)
    if (before.role === 'admin' && before.active && !stillAdmin) {
      const others = await trx
        .selectFrom('users')
        .select(trx.fn.countAll<number>().as('n'))
        .where('role', '=', 'admin')
        .where('active', '=', 1)
        .where('id', '!=', id)
        .executeTakeFirstOrThrow()
      if (Number(others.n) === 0) {
        throw new ApiError(409, 'last_admin', 'This is the last active admin: make another admin first')
      }
    }
    const values = {
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.role === undefined ? {} : { role: patch.role }),
      ...(patch.active === undefined ? {} : { active: patch.active ? 1 : 0 }),
    }
    if (Object.keys(values).length > 0) await trx.updateTable('users').set(values).where('id', '=', id).execute()
    if (patch.sites !== undefined) {
      // the sites taken away are remembered: work the user still sends there is kept for a supervisor (lost-site-work.ts)
      await noteLostSites(trx, id, before.sites, patch.sites)
      await trx.deleteFrom('user_sites').where('user_id', '=', id).execute()
      for (const code of new Set(patch.sites)) {
        await trx.insertInto('user_sites').values({ user_id: id, site_code: code }).execute()
      }
    }
    const after = await userById(trx, id)
    if (!after) throw notFound(`User ${id}`)
    return { before, after }
  })
}

export async function passwordHashOf(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst()
  return row?.password_hash
}

export async function setPassword(db: Db, id: string, password: string): Promise<void> {
  const hash = await hashPassword(password)
  await db.updateTable('users').set({ password_hash: hash }).where('id', '=', id).execute()
}
