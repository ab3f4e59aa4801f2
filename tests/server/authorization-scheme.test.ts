/**
 * `Authorization: Bearer <token>` (sync-protocol.md, Authentication): the scheme's name is
 * case-insensitive (RFC 9110, 11.1), so a client or proxy that writes `bearer` is signed
 * in like one that writes `Bearer`; the token itself is matched exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, loginAdmin, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe('the Authorization header', () => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer()
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  const pullWith = (authorization: string) => call(server, '/api/v1/sync/pull', { headers: { authorization } })

  it.each(['Bearer', 'bearer', 'BEARER', 'BeArEr'])('takes the scheme spelt %s', async (scheme) => {
    const answer = await pullWith(`${scheme} ${admin.token}`)
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ changes: expect.any(Array), more: false })
  })

  it('takes more than one space after the scheme', async () => {
    expect((await pullWith(`Bearer   ${admin.token}`)).status).toBe(200)
  })

  it.each([
    ['another scheme', () => `Basic ${admin.token}`],
    ['the token in other letter case', () => `Bearer ${admin.token.toUpperCase()}`],
    ['no space', () => `Bearer${admin.token}`],
    ['two tokens', () => `Bearer ${admin.token} ${admin.token}`],
  ])('still answers 401 unauthenticated to %s', async (_name, header) => {
    const answer = await pullWith(header())
    expect(answer.status).toBe(401)
    expect(answer.body).toMatchObject({ error: 'unauthenticated' })
  })
})
