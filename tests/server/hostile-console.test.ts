/**
 * The supervisor console's endpoints (stats, exports, refusals, conflicts, sites) under
 * requests no Relais client sends: each answers a 4xx with a JSON error, never a 5xx, and
 * the server keeps answering.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { call, loginAdmin, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

const deep = (levels: number): unknown => (levels === 0 ? 'x' : { a: deep(levels - 1) })

const REQUESTS: [string, string, unknown?][] = [
  ['GET', '/api/v1/stats/flows?from=2026-02-30&to=2026-03-01'],
  ['GET', '/api/v1/stats/flows?from=2026-01-01&from=2026-01-02&to=2026-01-03'],
  ['GET', `/api/v1/stats/flows?from=2026-01-01&to=2026-01-02&sites=${'A,'.repeat(5000)}`],
  ['GET', '/api/v1/stats/flows?from=2026-01-01&to=2026-01-02&sites=%00'],
  ['GET', '/api/v1/stats/flows?from=2026-01-01&to=2026-01-02&by=__proto__'],
  ['GET', '/api/v1/stats/registrations?from=99999-01-01&to=2026-01-01'],
  ['GET', '/api/v1/stats/referrals/open?to=2026-01-01'],
  ['GET', '/api/v1/export/aggregate/flows-daily.xlsx?from=2026-01-01&to=2030-01-01'],
  ['GET', '/api/v1/export/aggregate/nothing.csv?from=2026-01-01&to=2026-01-02'],
  ['GET', '/api/v1/export/registration.xlsx?sites=,,,'],
  ['GET', '/api/v1/export/registration.csv?personal=yes'],
  ['POST', '/api/v1/rejections/discard', []],
  ['POST', '/api/v1/rejections/discard', { entity: 'registration', recordId: 5 }],
  ['POST', '/api/v1/rejections/discard', { entity: '__proto__', recordId: randomUUID() }],
  ['POST', '/api/v1/rejections/discard', { entity: 'registration', recordId: randomUUID(), extra: deep(200) }],
  ['POST', `/api/v1/conflicts/${randomUUID()}/resolve`, { choice: 'merged', fields: { __proto__: 'server' } }],
  ['POST', '/api/v1/conflicts/not-an-id/resolve', { choice: 'merged', fields: { givenName: 'both' } }],
  ['POST', `/api/v1/conflicts/${randomUUID()}/resolve`, { choice: 'merged', data: deep(300) }],
  ['POST', '/api/v1/sites', { code: 123, name: ['x'], kind: 'fmp', lat: 'north' }],
  ['POST', '/api/v1/sites', { code: 'ZZ-1', name: 'Z', kind: 'fmp', adm1: 'Agadez', lat: 1e308, lon: -1e308 }],
  ['PATCH', '/api/v1/sites/NOPE', { active: 'yes' }],
  ['PATCH', '/api/v1/sites/AGZ-TC', { code: 'NEW' }],
]

describe.each(TEST_DATABASES)('hostile console requests (%s)', (database) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  it.each(REQUESTS)('%s %s answers a 4xx with a JSON error', async (method, path, body) => {
    const answer = await call(server, path, { token: admin.token, method, ...(body === undefined ? {} : { body }) })
    expect(answer.status, JSON.stringify(answer.body)).toBeGreaterThanOrEqual(400)
    expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(500)
    expect(answer.body).toMatchObject({ error: expect.any(String) })
    expect((await call(server, '/healthz')).status).toBe(200)
  })
})
