/** Users and their sites. Passwords are kept only as scrypt hashes (auth/password.ts). */
import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { NewUser, SessionUser, User } from '../../shared/schemas/auth'
import type { Database, UsersTable } from '../db/schema'
import { hashPassword } from '../auth/password'
import { ApiError } from '../http/api-error'
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

/** Adds a user: 400 for unknown site codes, 409 when the username is taken. */
export async function createUser(db: Db, input: NewUser): Promise<User> {
  const unknown = await unknownSiteCodes(db, input.sites)
  if (unknown.length > 0) {
    const issues = unknown.map((code) => ({
      path: ['sites', input.sites.indexOf(code)],
      code: 'unknown_site',
      message: `No site ${code}`,
    }))
    throw new ApiError(400, 'invalid_request', 'Unknown site codes', { issues })
  }
  const taken = await db.selectFrom('users').select('id').where('username', '=', input.username).executeTakeFirst()
  if (taken) throw new ApiError(409, 'already_exists', `Username ${input.username} is taken`)
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
  return user
}
