/**
 * The sign-in limits (sync-protocol.md, Authentication: 10 failures per username, 50 per
 * address, within 15 minutes → 429 with Retry-After) under concurrency and restarts:
 * each attempt takes its slots in the database before the password hash is checked.
 * The server trusts X-Forwarded-For here, so that each test signs in from its own address.
 */
import { randomBytes, randomUUID, scryptSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '@/server/app'
import { SignInLimiter } from '@/server/auth/rate-limit'
import { pruneHistory } from '@/server/store/retention'
import { usernameSlotTimes } from '@/server/store/sign-in-attempts'
import { call, loginAdmin, startTestServer, type Answer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

const WINDOW_SECONDS = 15 * 60

let lastAddress = 0
/** A fresh client address (198.51.100.0/24, documentation range). */
const newAddress = () => `198.51.${100 + Math.floor(++lastAddress / 250)}.${lastAddress % 250}`

// Real-cost scrypt checks (about 0.1 s each on one core) queue behind every other test
// file on a busy CI machine: the bounded work here gets a generous time.
const HASHING_TIMEOUT = 120_000

describe.each(TEST_DATABASES)('sign-in limits (%s)', { timeout: HASHING_TIMEOUT }, (database) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({ trustProxy: true }, { database })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  const attempt = (username: string, password: string, address: string) =>
    call(server, '/api/v1/auth/login', {
      body: { username, password, deviceId: randomUUID() },
      headers: { 'x-forwarded-for': address },
    })

  /** A user whose password is hashed at the real cost (through the API), as an attacker meets it. */
  async function realUser(password = 'the-right-password'): Promise<{ username: string; password: string }> {
    const username = `user-${randomUUID().slice(0, 8)}`
    const created = await call(server, '/api/v1/users', {
      token: admin.token,
      body: { username, password, name: 'Target', role: 'registrar', sites: ['AGZ-TC'] },
    })
    expect(created.status).toBe(201)
    return { username, password }
  }

  const statuses = (answers: Answer[]) => answers.map((answer) => answer.status)
  const count = (answers: Answer[], status: number) => statuses(answers).filter((s) => s === status).length

  /** The sign-in failures audited for `username`, by reason. */
  const failuresAudited = async (username: string) => {
    const rows = await server.db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'sign_in_failed')
      .where('target', '=', username)
      .execute()
    const reasons = rows.map((row) => (JSON.parse(row.details ?? '{}') as { reason?: string }).reason)
    return Object.fromEntries([...new Set(reasons)].map((r) => [r, reasons.filter((x) => x === r).length]))
  }

  it('checks at most 10 of 40 concurrent wrong passwords against the hash; the rest answer 429', async () => {
    const target = await realUser()
    const address = newAddress()
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) => attempt(target.username, `wrong-${i}`, address)),
    )
    expect(count(answers, 401)).toBe(10)
    expect(count(answers, 429)).toBe(30)
    // every guess leaves a trace, those the limit refused too
    expect(await failuresAudited(target.username)).toEqual({ invalid_credentials: 10, too_many_attempts: 30 })
    const refused = answers.find((answer) => answer.status === 429)
    expect(refused?.body).toMatchObject({ error: 'too_many_attempts' })
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(refused?.headers.get('retry-after'))).toBeLessThanOrEqual(WINDOW_SECONDS)
    expect(refused?.body.retryAfter).toBe(Number(refused?.headers.get('retry-after')))
  })

  it('refuses the right password among concurrent guesses once the limit is taken', async () => {
    const target = await realUser()
    const address = newAddress()
    let limitTaken = () => {}
    const taken = new Promise<void>((resolve) => (limitTaken = resolve))
    const guesses = Array.from({ length: 29 }, (_, i) =>
      attempt(target.username, `guess-${i}`, address).then((answer) => {
        if (answer.status === 429) limitTaken()
        return answer
      }),
    )
    // the first 429 says that ten guesses hold the username's slots; some may still be hashing
    const wave = Promise.all(guesses)
    await Promise.race([taken, wave])
    const right = await attempt(target.username, target.password, address)
    const answers = await wave
    expect(count(answers, 401)).toBe(10)
    expect(count(answers, 429)).toBe(19)
    expect(right.status).toBe(429)
    expect(right.body).toMatchObject({ error: 'too_many_attempts' })
  })

  it('still refuses after a restart on the same database', async () => {
    const target = await realUser()
    const address = newAddress()
    for (let i = 0; i < 10; i++) expect((await attempt(target.username, `wrong-${i}`, address)).status).toBe(401)
    const restarted = await buildApp({
      db: server.db,
      config: { tokenTtlDays: 30, staticDir: server.dir, trustProxy: true },
    })
    try {
      const answer = await restarted.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        headers: { 'x-forwarded-for': newAddress() },
        payload: { username: target.username, password: target.password, deviceId: randomUUID() },
      })
      expect(answer.statusCode).toBe(429)
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0)
    } finally {
      await restarted.close()
    }
  })

  it('counts usernames case-insensitively', async () => {
    const target = await realUser()
    const address = newAddress()
    for (let i = 0; i < 10; i++) {
      const typed = i % 2 === 0 ? target.username.toUpperCase() : target.username
      expect((await attempt(typed, `wrong-${i}`, address)).status).toBe(401)
    }
    expect((await attempt(target.username, target.password, address)).status).toBe(429)
  })

  it('clears the username’s failures with a good sign-in', async () => {
    const target = await cheapUser(server)
    const address = newAddress()
    for (let i = 0; i < 9; i++) expect((await attempt(target.username, `wrong-${i}`, address)).status).toBe(401)
    expect((await attempt(target.username, target.password, address)).status).toBe(200)
    for (let i = 0; i < 10; i++) expect((await attempt(target.username, `again-${i}`, address)).status).toBe(401)
    expect((await attempt(target.username, target.password, address)).status).toBe(429)
  })

  // fifty scrypt checks on two cores: the slowest here
  it('holds an address after 50 failures, whatever the usernames, taken concurrently', async () => {
    const address = newAddress()
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => attempt(`nobody-${i}-${randomUUID().slice(0, 6)}`, 'wrong-guess', address)),
    )
    expect(count(answers, 401)).toBe(50)
    expect(count(answers, 429)).toBe(10)
    const target = await cheapUser(server)
    expect((await attempt(target.username, target.password, address)).status).toBe(429)
    expect((await attempt(target.username, target.password, newAddress())).status).toBe(200)
  })

  it('never counts good sign-ins against the address: a whole centre signs in from one', async () => {
    const address = newAddress()
    const staff = await Promise.all(Array.from({ length: 8 }, () => cheapUser(server)))
    for (let round = 0; round < 8; round++) {
      const answers = await Promise.all(staff.map((user) => attempt(user.username, user.password, address)))
      expect(statuses(answers)).toEqual(staff.map(() => 200))
    }
  })

  it('holds a username until its oldest counted failure leaves the window, then prunes it', async () => {
    const windowMs = WINDOW_SECONDS * 1000
    let now = new Date('2026-11-29T08:00:00.000Z')
    const limiter = new SignInLimiter(server.db, undefined, () => now)
    const username = `clock-${randomUUID().slice(0, 8)}`
    for (let i = 0; i < 10; i++) await limiter.take(username, `10.9.0.${i}`)
    const refused = await limiter.take(username, '10.9.0.99').catch((error: unknown) => error)
    expect(refused).toMatchObject({ statusCode: 429, extra: { retryAfter: WINDOW_SECONDS } })
    now = new Date(now.getTime() + windowMs - 1000)
    expect(await limiter.take(username, '10.9.0.99').catch((error: unknown) => error)).toMatchObject({
      extra: { retryAfter: 1 },
    })
    now = new Date(now.getTime() + 1001)
    await expect(limiter.take(username, '10.9.0.99')).resolves.toMatchObject({ username })

    // retention deletes the slots that left the window and keeps the one still in it
    const settings = { historyRetentionDays: 0, auditRetentionDays: 0 }
    const pruned = await pruneHistory(server.db, settings, new Date(now.getTime() + 1))
    expect(pruned.signInAttempts).toBeGreaterThanOrEqual(20)
    // (a username is kept as a hash: read through the store)
    expect(await usernameSlotTimes(server.db, username, new Date(0), 20)).toEqual([now.toISOString()])
  })

  it('lets an admin clear a username’s lock, audited; others may not', async () => {
    const target = await cheapUser(server)
    const address = newAddress()
    for (let i = 0; i < 10; i++) await attempt(target.username, `wrong-${i}`, address)
    expect((await attempt(target.username, target.password, address)).status).toBe(429)

    const unknown = await call(server, '/api/v1/auth/unlock', {
      token: admin.token,
      body: { username: 'nobody-at-all' },
    })
    expect(unknown.status).toBe(404)
    const cleared = await call(server, '/api/v1/auth/unlock', {
      token: admin.token,
      body: { username: target.username.toUpperCase() },
    })
    expect(cleared.status).toBe(200)
    expect(cleared.body).toEqual({ username: target.username, cleared: 10 })
    expect((await attempt(target.username, target.password, address)).status).toBe(200)
    const entry = await server.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'user_updated')
      .where('target', '=', target.id)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(entry.details ?? '{}')).toEqual({ signInLock: { cleared: 10 } })

    const registrar = await attempt(target.username, target.password, newAddress())
    const forbidden = await call(server, '/api/v1/auth/unlock', {
      token: String(registrar.body.token),
      body: { username: target.username },
    })
    expect(forbidden.status).toBe(403)
  })

  it('lifts the username’s lock when an admin sets a new password, audited; the address keeps its failures', async () => {
    const target = await cheapUser(server)
    const address = newAddress()
    for (let i = 0; i < 10; i++) expect((await attempt(target.username, `wrong-${i}`, address)).status).toBe(401)
    expect((await attempt(target.username, target.password, newAddress())).status).toBe(429)

    const reset = await call(server, `/api/v1/users/${target.id}/password`, {
      token: admin.token,
      body: { password: 'the-new-password-given-face-to-face' },
    })
    expect(reset.status).toBe(204)
    const signIn = await attempt(target.username, 'the-new-password-given-face-to-face', newAddress())
    expect(signIn.status).toBe(200)

    const entries = await server.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('target', '=', target.id)
      .where('action', 'in', ['password_reset', 'user_updated'])
      .execute()
    expect(entries.map((e) => [e.action, JSON.parse(e.details ?? '{}') as unknown])).toEqual(
      expect.arrayContaining([['user_updated', { signInLock: { cleared: 10 } }]]),
    )
    expect(entries.map((e) => e.action).sort()).toEqual(['password_reset', 'user_updated'])
    // the guesses' address still holds them: a reset is about the user, not about who guessed
    const addressSlots = await server.db
      .selectFrom('sign_in_attempts')
      .select('id')
      .where('kind', '=', 'address')
      .where('value', '=', address)
      .execute()
    expect(addressSlots).toHaveLength(10)
  })

  it('tells an admin whether wrong passwords lock a user out, and until when; others may not ask', async () => {
    const target = await cheapUser(server)
    const lockOf = (token: string, id = target.id) => call(server, `/api/v1/users/${id}/sign-in-lock`, { token })
    expect(await lockOf(admin.token)).toMatchObject({
      status: 200,
      body: { username: target.username, lockedUntil: null },
    })

    const address = newAddress()
    const first = Date.now()
    for (let i = 0; i < 9; i++) await attempt(target.username, `wrong-${i}`, address)
    expect((await lockOf(admin.token)).body).toMatchObject({ lockedUntil: null })
    await attempt(target.username, 'wrong-9', address)
    const last = Date.now()
    const locked = await lockOf(admin.token)
    const until = Date.parse(String(locked.body.lockedUntil))
    // 15 minutes after the oldest of the ten failures, when it leaves the window
    expect(until).toBeGreaterThanOrEqual(first + WINDOW_SECONDS * 1000)
    expect(until).toBeLessThanOrEqual(last + WINDOW_SECONDS * 1000)

    expect((await lockOf(admin.token, randomUUID())).status).toBe(404)
    const other = await cheapUser(server)
    const session = await attempt(other.username, other.password, newAddress())
    expect((await lockOf(String(session.body.token))).status).toBe(403)

    await call(server, '/api/v1/auth/unlock', { token: admin.token, body: { username: target.username } })
    expect((await lockOf(admin.token)).body).toMatchObject({ lockedUntil: null })
  })

  it('lists for an admin every user wrong passwords lock out now, and no one else; others may not ask', async () => {
    const locked = await cheapUser(server)
    const nearly = await cheapUser(server)
    const address = newAddress()
    const first = Date.now()
    for (let i = 0; i < 10; i++) await attempt(locked.username.toUpperCase(), `wrong-${i}`, address)
    for (let i = 0; i < 9; i++) await attempt(nearly.username, `wrong-${i}`, address)
    const last = Date.now()
    const locks = async () => {
      const answer = await call(server, '/api/v1/users/sign-in-locks', { token: admin.token })
      expect(answer.status).toBe(200)
      return answer.body as unknown as { userId: string; username: string; lockedUntil: string }[]
    }

    const listed = (await locks()).filter((lock) => [locked.id, nearly.id].includes(lock.userId))
    expect(listed).toEqual([{ userId: locked.id, username: locked.username, lockedUntil: expect.any(String) }])
    // the same time as the user's own lock says
    const one = await call(server, `/api/v1/users/${locked.id}/sign-in-lock`, { token: admin.token })
    expect(listed[0]?.lockedUntil).toBe(one.body.lockedUntil)
    const until = Date.parse(String(listed[0]?.lockedUntil))
    expect(until).toBeGreaterThanOrEqual(first + WINDOW_SECONDS * 1000)
    expect(until).toBeLessThanOrEqual(last + WINDOW_SECONDS * 1000)

    const other = await cheapUser(server)
    const session = await attempt(other.username, other.password, newAddress())
    expect((await call(server, '/api/v1/users/sign-in-locks', { token: String(session.body.token) })).status).toBe(403)

    await call(server, '/api/v1/auth/unlock', { token: admin.token, body: { username: locked.username } })
    expect((await locks()).map((lock) => lock.userId)).not.toContain(locked.id)
  })
})

const CHEAP_PASSWORD = 'a-long-enough-password'
const CHEAP_HASH = (() => {
  const salt = randomBytes(16)
  const key = scryptSync(CHEAP_PASSWORD, salt, 32, { N: 1024, r: 8, p: 1 })
  return ['scrypt', 1024, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$')
})()

/** A registrar written straight into the database with a cheap hash: for tests that sign in many times. */
async function cheapUser(server: TestServer): Promise<{ id: string; username: string; password: string }> {
  const id = randomUUID()
  const username = `cheap-${id.slice(0, 8)}`
  await server.db
    .insertInto('users')
    .values({
      id,
      username,
      name: 'Cheap',
      role: 'registrar',
      password_hash: CHEAP_HASH,
      active: 1,
      created_at: new Date().toISOString(),
    })
    .execute()
  await server.db.insertInto('user_sites').values({ user_id: id, site_code: 'AGZ-TC' }).execute()
  return { id, username, password: CHEAP_PASSWORD }
}
