/**
 * The sign-in limits keep no text typed in the username field, over real HTTP on SQLite
 * and PostgreSQL: a password typed there (the commonest slip) is counted against the
 * limit under a hash of the text, so that the database never holds it in clear, not even
 * for the day until retention prunes the slots; the limit still locks that text after
 * its 10 failures, and an admin still sees and lifts a user's lock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_DATABASES } from './helpers/databases'
import { marker, tablesHolding } from './helpers/traces'
import { call, loginAdmin, signedInUser, startTestServer, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('what the sign-in limits keep (%s)', (database) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({}, { database })
  })
  afterAll(() => server.close())

  const signIn = (username: string, password: string) =>
    call(server, '/api/v1/auth/login', {
      body: { username, password, deviceId: '01a25240-0000-7000-8000-000000000001' },
    })

  it('holds a mistyped password nowhere, and still locks it after 10 failures', async () => {
    const typed = marker('zinder.harmattan.passphrase').toLowerCase()
    for (let i = 0; i < 10; i++) expect((await signIn(typed, 'whatever-typed-here')).status).toBe(401)
    expect((await signIn(typed, 'whatever-typed-here')).status).toBe(429)
    expect(await tablesHolding(server.db, typed)).toEqual([])
  })

  it("keeps a real user's lock readable and liftable by an admin", async () => {
    const admin = await loginAdmin(server)
    const user = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    for (let i = 0; i < 10; i++) expect((await signIn(user.user.username, 'not-the-password')).status).toBe(401)
    expect((await signIn(user.user.username, 'a-long-enough-password')).status).toBe(429)
    const lifted = await call<{ cleared: number }>(server, '/api/v1/auth/unlock', {
      token: admin.token,
      body: { username: user.user.username },
    })
    expect(lifted.status).toBe(200)
    expect(lifted.body.cleared).toBe(10)
    expect((await signIn(user.user.username, 'a-long-enough-password')).status).toBe(200)
  })
})
