import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonBody, rawRequest } from './helpers/raw-request'
import { loginAdmin, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

describe.each(TEST_DATABASES)('no-store on API answers, however the path is spelt (%s)', (database) => {
  let server: TestServer
  let bare: TestServer
  let admin: Session
  beforeAll(async () => {
    // a build on disk, as in production: its catch-all static route sees every path no API route takes
    const staticDir = mkdtempSync(join(tmpdir(), 'relais-static-'))
    mkdirSync(join(staticDir, 'assets'))
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Relais</title>')
    server = await startTestServer({ staticDir }, { database })
    bare = await startTestServer({}, { database })
    admin = await loginAdmin(server)
  })
  afterAll(async () => {
    await server.close()
    await bare.close()
  })

  const authorised = () => ({ headers: { authorization: `Bearer ${admin.token}` } })

  it.each([
    '/%61pi/v1/sync/pull',
    '/api/v1/%73ync/pull',
    '/%61%70%69/%76%31/sync/pull',
    '/api/v1/sync/pull?',
    'http://127.0.0.1/api/v1/sync/pull',
    '/%68ealthz',
  ])('answers %s no-store', async (path) => {
    const answer = await rawRequest(server, path, authorised())
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toMatch(/^application\/json/)
    expect(answer.headers['cache-control']).toBe('no-store')
  })

  it.each(['/api/v1/sync/%E0', '/%E0%A4%A', '/api/v1/users/%zz'])(
    'answers a malformed encoding (%s) 400 as JSON, no-store',
    async (path) => {
      const answer = await rawRequest(server, path, authorised())
      expect(answer.status).toBe(400)
      expect(answer.headers['content-type']).toMatch(/^application\/json/)
      expect(answer.headers['cache-control']).toBe('no-store')
      expect(JSON.parse(answer.body)).toMatchObject({ error: 'bad_request' })
    },
  )

  it('answers an export reached through an encoded path no-store', async () => {
    const answer = await rawRequest(server, '/%61pi/v1/export/registration.csv', authorised())
    expect(answer.status).toBe(200)
    expect(answer.headers['content-type']).toMatch(/^text\/csv/)
    expect(answer.headers['cache-control']).toBe('no-store')
  })

  it.each([
    ['/%61pi/v1/sync/pull', 'GET', 401, 'unauthenticated'],
    ['/%61pi/v1/nothing', 'GET', 404, 'not_found'],
    ['/api/v1/sync/pull/', 'GET', 404, 'not_found'],
    ['/%61pi/v1/sync/pull', 'POST', 405, 'method_not_allowed'],
    ['/api/v1/%73ync/pull', 'DELETE', 405, 'method_not_allowed'],
  ])('answers %s (%s) %i as JSON, no-store', async (path, method, status, error) => {
    const answer = await rawRequest(server, path, {
      method,
      ...(status === 401 ? {} : authorised()),
    })
    expect(answer.status).toBe(status)
    expect(answer.headers['content-type']).toMatch(/^application\/json/)
    expect(jsonBody(answer)).toMatchObject({ error })
    expect(answer.headers['cache-control']).toBe('no-store')
    if (status === 405) expect(answer.headers.allow).toMatch(/\bGET\b/)
  })

  // the static files' catch-all refuses these spellings (403) before the 404 handler; without a build they are 404
  it.each(['//api/v1/sync/pull', '/api//v1/sync/pull', 'http://127.0.0.1/api/v1/nothing'])(
    'answers %s with a JSON 4xx, no-store, with or without a build',
    async (path) => {
      for (const target of [server, bare]) {
        const answer = await rawRequest(target, path, authorised())
        expect(answer.status).toBeGreaterThanOrEqual(400)
        expect(answer.status).toBeLessThan(500)
        expect(answer.headers['content-type']).toMatch(/^application\/json/)
        expect(jsonBody(answer)).toMatchObject({ error: expect.any(String), message: expect.any(String) })
        expect(answer.headers['cache-control']).toBe('no-store')
      }
    },
  )

  it('still serves the app, revalidated, for app paths', async () => {
    const answer = await rawRequest(server, '/cases/%61pi')
    expect(answer.status).toBe(200)
    expect(answer.body).toContain('<title>Relais</title>')
    expect(answer.headers['cache-control']).toBe('no-cache')
  })
})
