/**
 * Issue 7, finding 4: a NUL character (which PostgreSQL text cannot hold) anywhere a
 * caller can put one is cleaned by a schema or refused with a 4xx, never a 500.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { namedRegistration } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { batch, push, upsert } from './helpers/sync-client'
import { call, loginAdmin, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('NUL characters (%s)', (database) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  it('refuses a sign-in with NUL in the username like any wrong one', async () => {
    const answer = await call(server, '/api/v1/auth/login', {
      body: { username: 'ad\u0000min', password: 'wrong-password', deviceId: randomUUID() },
    })
    expect(answer.status).toBe(401)
  })

  it('cleans NUL out of a user name and an app version', async () => {
    const created = await call<{ name: string }>(server, '/api/v1/users', {
      token: admin.token,
      body: { username: 'nul-test', password: 'long-enough-pass', name: 'Ami\u0000na', role: 'registrar', sites: [] },
    })
    expect(created.status).toBe(201)
    expect(created.body.name).toBe('Amina')
    const pushed = await push(
      server,
      admin,
      batch(admin, [upsert('registration', namedRegistration())], { appVersion: '1.\u00002' }),
    )
    expect(pushed.status).toBe(200)
  })

  it.each([
    ['PATCH', `/api/v1/users/%00x`, { name: 'x' }],
    ['GET', `/api/v1/users/%00x/sign-in-lock`, undefined],
    ['POST', `/api/v1/users/%00x/password`, { password: 'long-enough-pass' }],
    ['PATCH', `/api/v1/sites/AGZ%00`, { name: 'x' }],
    ['POST', `/api/v1/devices/%00/revoke`, {}],
    ['POST', `/api/v1/conflicts/%00/resolve`, { choice: 'server' }],
    ['GET', `/api/v1/audit?before=%00`, undefined],
    ['GET', `/api/v1/sync/pull?since=%00`, undefined],
  ])('answers %s %s below 500', async (method, path, body) => {
    const answer = await call(server, path, { token: admin.token, method, ...(body ? { body } : {}) })
    expect(answer.status).toBeLessThan(500)
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/)
  })
})
