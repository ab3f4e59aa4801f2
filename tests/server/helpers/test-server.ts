/**
 * A real server on a free port over a temporary database (a SQLite file, or a fresh
 * PostgreSQL database: databases.ts), plus small clients for its API: sign in, create
 * users, push and pull as a device would.
 */
import { randomBytes, randomUUID, scryptSync } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FastifyInstance, FastifyServerOptions } from 'fastify'
import { buildApp, type AppConfig, type HttpTimeouts } from '@/server/app'
import { migrateToLatest } from '@/server/db/migrate'
import { openPostgres, openSqlite, type Db } from '@/server/db/open'
import { ensureFirstAdmin } from '@/server/seed/first-admin'
import { seedSites } from '@/server/seed/seed-sites'
import type { LoginResponse, Role, SessionUser } from '@/shared/schemas/auth'
import { createTempPostgres, type TestDatabase } from './databases'

export const ADMIN = { username: 'admin', password: 'admin-passphrase-for-tests' }

export interface TestServer {
  url: string
  db: Db
  database: TestDatabase
  dir: string
  app: FastifyInstance
  close(): Promise<void>
}

/** Where the API answers: an in-process test server, or a server process started apart. */
export type Endpoint = Pick<TestServer, 'url'>

export interface Session {
  token: string
  /** The push-only credential of the same sign-in. */
  pushToken: string
  deviceId: string
  user: SessionUser
}

export interface Answer<T = Record<string, unknown>> {
  status: number
  body: T
  headers: Headers
}

export async function startTestServer(
  config: Partial<AppConfig> = {},
  {
    database = 'sqlite',
    logger = false,
    https,
    migrate = migrateToLatest,
    timeouts,
  }: {
    database?: TestDatabase
    logger?: FastifyServerOptions['logger']
    https?: { cert: Buffer; key: Buffer }
    /** Brings the new database to the schema; a migration's test fills it in between. */
    migrate?: (db: Db) => Promise<void>
    /** How long the server waits for a request (app.ts, HTTP_TIMEOUTS). */
    timeouts?: Partial<HttpTimeouts>
  } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'relais-server-'))
  const postgres = database === 'postgres' ? await createTempPostgres() : undefined
  const db = postgres ? await openPostgres(postgres.url) : openSqlite(join(dir, 'relais.sqlite'))
  await migrate(db)
  await seedSites(db)
  await ensureFirstAdmin(db, ADMIN)
  const app = await buildApp({
    db,
    config: { tokenTtlDays: 30, staticDir: join(dir, 'no-build'), trustProxy: false, ...config },
    logger,
    https,
    timeouts,
  })
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `${https ? 'https' : 'http'}://127.0.0.1:${port}`,
    db,
    database,
    dir,
    app,
    async close() {
      await app.close()
      await db.destroy()
      await postgres?.drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface CallOptions {
  method?: string
  token?: string
  body?: unknown
  headers?: Record<string, string>
}

/** Calls the API; `body` is sent as JSON unless it is already a string or bytes. */
export async function call<T = Record<string, unknown>>(
  server: Endpoint,
  path: string,
  options: CallOptions = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let body: string | Uint8Array<ArrayBuffer> | undefined
  if (typeof options.body === 'string') body = options.body
  else if (options.body instanceof Uint8Array) body = new Uint8Array(options.body)
  else if (options.body !== undefined) body = JSON.stringify(options.body)
  if (body !== undefined) headers['content-type'] ??= 'application/json'
  const res = await fetch(`${server.url}${path}`, {
    method: options.method ?? (body === undefined ? 'GET' : 'POST'),
    headers,
    body,
  })
  const text = await res.text()
  let parsed: unknown = text
  try {
    parsed = JSON.parse(text)
  } catch {
    // not JSON: the test looks at the text
  }
  return { status: res.status, body: parsed as T, headers: res.headers }
}

export async function login(
  server: Endpoint,
  username: string,
  password: string,
  deviceId: string = randomUUID(),
): Promise<Session> {
  const answer = await call<LoginResponse>(server, '/api/v1/auth/login', { body: { username, password, deviceId } })
  if (answer.status !== 200) throw new Error(`login ${username}: ${answer.status} ${JSON.stringify(answer.body)}`)
  return { token: answer.body.token, pushToken: answer.body.pushToken ?? '', deviceId, user: answer.body.user }
}

export const loginAdmin = (server: Endpoint, deviceId?: string) =>
  login(server, ADMIN.username, ADMIN.password, deviceId)

/** The password of every user signedInUser() makes. */
export const TEST_PASSWORD = 'a-long-enough-password'

/**
 * A hash of TEST_PASSWORD at a low scrypt cost. The cost is stored in each hash
 * (auth/password.ts), so signing in as a test user costs a millisecond, not the
 * quarter-second of a real hash: the suites sign in a hundred users.
 */
const CHEAP_HASH = (() => {
  const salt = randomBytes(16)
  const key = scryptSync(TEST_PASSWORD, salt, 32, { N: 1024, r: 8, p: 1 })
  return ['scrypt', 1024, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$')
})()

/**
 * Creates a user and signs them in on a new device. On a test server the user is
 * written to the database directly with a cheap hash; elsewhere through the API (as admin).
 * Creating users through the API is tested on its own (admin.test.ts, users-admin.test.ts).
 */
export async function signedInUser(
  server: Endpoint | TestServer,
  admin: Session,
  role: Role,
  sites: string[],
): Promise<Session> {
  const username = `${role}-${randomUUID().slice(0, 8)}`
  if ('db' in server) {
    const id = randomUUID()
    await server.db
      .insertInto('users')
      .values({
        id,
        username,
        name: `Test ${role}`,
        role,
        password_hash: CHEAP_HASH,
        active: 1,
        created_at: new Date().toISOString(),
      })
      .execute()
    for (const code of sites)
      await server.db.insertInto('user_sites').values({ user_id: id, site_code: code }).execute()
    return login(server, username, TEST_PASSWORD)
  }
  const created = await call(server, '/api/v1/users', {
    token: admin.token,
    body: { username, password: TEST_PASSWORD, name: `Test ${role}`, role, sites },
  })
  if (created.status !== 201) throw new Error(`create user: ${created.status} ${JSON.stringify(created.body)}`)
  return login(server, username, TEST_PASSWORD)
}
