/**
 * JSON request bodies are UTF-8 (RFC 8259, 8.1). A body in another encoding (Latin-1
 * from a tool that did not encode its text) answers 400 at every JSON endpoint, as a
 * push does (push-encoding.test.ts): decoded leniently, a user's or a site's name, or a
 * conflict's resolved record, was stored with U+FFFD in place of its letters.
 */
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, loginAdmin, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe('JSON request bodies that are not UTF-8', () => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer()
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  const latin1 = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), 'latin1'))
  const user = (username: string) => ({
    username,
    password: 'a-long-enough-password',
    name: 'Aïchatou Maïga',
    role: 'registrar',
    sites: ['AGZ-TC'],
  })

  it('refuses a new user whose body is Latin-1 with 400, and creates none', async () => {
    const answer = await call(server, '/api/v1/users', { token: admin.token, body: latin1(user('latin-one')) })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ error: 'invalid_json', issues: [{ path: [], code: 'not_utf8' }] })
    const users = await call<{ username: string }[]>(server, '/api/v1/users', { token: admin.token })
    expect(users.body.map((u) => u.username)).not.toContain('latin-one')
  })

  it('refuses a site change whose body is Latin-1, and keeps the name', async () => {
    const answer = await call(server, '/api/v1/sites/AGZ-TC', {
      method: 'PATCH',
      token: admin.token,
      body: latin1({ name: 'Agadez Maïga' }),
    })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ error: 'invalid_json' })
    const sites = await call<{ code: string; name: string }[]>(server, '/api/v1/sites', { token: admin.token })
    expect(sites.body.find((site) => site.code === 'AGZ-TC')?.name).not.toContain('\uFFFD')
  })

  it('still takes the same bodies in UTF-8, and JSON with no body or a bad one answers as before', async () => {
    const created = await call(server, '/api/v1/users', { token: admin.token, body: user('utf-eight') })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ name: 'Aïchatou Maïga' })
    const empty = await call(server, '/api/v1/users', {
      token: admin.token,
      body: '',
      headers: { 'content-type': 'application/json' },
    })
    expect(empty.status).toBe(400)
    expect(empty.body).toMatchObject({ error: 'invalid_json' })
    const proto = await call(server, '/api/v1/auth/login', { body: '{"__proto__":{"x":1},"username":"a"}' })
    expect(proto.status).toBe(400)
    expect(proto.body).toMatchObject({ error: 'invalid_json' })
  })

  it('refuses a compressed body with 415 unsupported_encoding (only a push is read compressed), and creates nothing', async () => {
    const answer = await call(server, '/api/v1/users', {
      token: admin.token,
      body: new Uint8Array(gzipSync(JSON.stringify(user('gzipped')))),
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    })
    expect(answer.status).toBe(415)
    expect(answer.body).toMatchObject({ error: 'unsupported_encoding' })
    const users = await call<{ username: string }[]>(server, '/api/v1/users', { token: admin.token })
    expect(users.body.map((u) => u.username)).not.toContain('gzipped')
    // "identity" is no encoding at all
    const plain = await call(server, '/api/v1/users', {
      token: admin.token,
      body: JSON.stringify(user('identity')),
      headers: { 'content-type': 'application/json', 'content-encoding': 'Identity' },
    })
    expect(plain.status).toBe(201)
  })
})
