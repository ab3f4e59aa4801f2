import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp } from '@/server/app'
import { hashToken } from '@/server/store/tokens'
import { loginResponseSchema } from '@/shared/schemas/auth'
import { ADMIN, call, login, loginAdmin, startTestServer, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

describe.each(TEST_DATABASES)('sign-in and tokens (%s)', (database) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({}, { database })
  })
  afterAll(() => server.close())

  const attempt = (username: string, password: string) =>
    call(server, '/api/v1/auth/login', { body: { username, password, deviceId: randomUUID() } })

  it('signs in with the right password and answers the session user', async () => {
    const answer = await attempt(ADMIN.username, ADMIN.password)
    expect(answer.status).toBe(200)
    expect(loginResponseSchema.safeParse(answer.body).success).toBe(true)
    expect(answer.body).toMatchObject({ user: { username: 'admin', role: 'admin', sites: [] } })
    expect(answer.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(Date.parse(String(answer.body.expiresAt))).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000)
  })

  it('answers the same 401 for a wrong password and an unknown user', async () => {
    const wrong = await attempt(ADMIN.username, 'not-the-password')
    const unknown = await attempt('nobody-here', 'not-the-password')
    expect(wrong.status).toBe(401)
    expect(unknown.status).toBe(401)
    expect(wrong.body).toEqual(unknown.body)
    expect(wrong.body.error).toBe('invalid_credentials')
  })

  it('answers 429 with Retry-After after 10 failed sign-ins for one username', async () => {
    const admin = await loginAdmin(server)
    const username = 'locked-out'
    await call(server, '/api/v1/users', {
      token: admin.token,
      body: { username, password: 'right-password-1', name: 'Locked', role: 'registrar', sites: ['AGZ-TC'] },
    })
    for (let i = 0; i < 10; i++) expect((await attempt(username, `wrong-${i}`)).status).toBe(401)
    const blocked = await attempt(username, 'right-password-1')
    expect(blocked.status).toBe(429)
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(blocked.body.error).toBe('too_many_attempts')
  })

  it('answers 401 unauthenticated without a token or with an unknown one', async () => {
    expect((await call(server, '/api/v1/sites')).body.error).toBe('unauthenticated')
    const unknown = await call(server, '/api/v1/sites', { token: 'x'.repeat(43) })
    expect(unknown.status).toBe(401)
    expect(unknown.body.error).toBe('unauthenticated')
  })

  it('answers 401 token_expired once the token has expired', async () => {
    const session = await loginAdmin(server)
    await server.db.updateTable('tokens').set({ expires_at: '2020-01-01T00:00:00.000Z' }).execute()
    const answer = await call(server, '/api/v1/sites', { token: session.token })
    expect(answer.status).toBe(401)
    expect(answer.body.error).toBe('token_expired')
  })

  it('renews the token with each sync call', async () => {
    const session = await loginAdmin(server)
    await server.db
      .updateTable('tokens')
      .set({ expires_at: new Date(Date.now() + 60_000).toISOString() })
      .execute()
    expect((await call(server, '/api/v1/sync/pull', { token: session.token })).status).toBe(200)
    const row = await server.db
      .selectFrom('tokens')
      .select('expires_at')
      .where('token_hash', '=', hashToken(session.token))
      .executeTakeFirstOrThrow()
    expect(Date.parse(row.expires_at)).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000)
  })

  it('keeps tokens across a restart of the server', async () => {
    const session = await loginAdmin(server)
    const restarted = await buildApp({
      db: server.db,
      config: { tokenTtlDays: 30, staticDir: server.dir, trustProxy: false },
    })
    const answer = await restarted.inject({
      url: '/api/v1/sites',
      headers: { authorization: `Bearer ${session.token}` },
    })
    expect(answer.statusCode).toBe(200)
    await restarted.close()
  })

  it('refuses a malformed sign-in with field errors', async () => {
    const answer = await call(server, '/api/v1/auth/login', { body: { username: 'admin' } })
    expect(answer.status).toBe(400)
    expect(answer.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: ['password'] })]))
  })

  it('signs in on several devices with one account', async () => {
    const one = await login(server, ADMIN.username, ADMIN.password)
    const two = await login(server, ADMIN.username, ADMIN.password)
    expect(one.token).not.toBe(two.token)
  })
})
