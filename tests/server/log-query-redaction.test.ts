import { Writable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loggerOptions } from '@/server/http/logging'
import { rawRequest } from './helpers/raw-request'
import { loginAdmin, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

/** Fastify's log lines, as JSON objects, for the requests a test sends. */
function logCapture() {
  let text = ''
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString()
      done()
    },
  })
  return {
    stream,
    text: () => text,
    urls: () =>
      text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as { req?: { url?: string } })
        .flatMap((entry) => (entry.req?.url === undefined ? [] : [entry.req.url])),
  }
}

describe.each(TEST_DATABASES)('request URLs in the logs (%s)', (database) => {
  const log = logCapture()
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database, logger: loggerOptions('trace', log.stream) })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  const get = (path: string) => rawRequest(server, path, { headers: { authorization: `Bearer ${admin.token}` } })

  it.each([
    ['token', '/api/v1/sync/pull?token=SECRET-token-1&limit=5'],
    ['access_token', '/api/v1/sites?access_token=SECRET-token-2'],
    ['pushToken', '/api/v1/nothing?pushToken=SECRET-token-3'],
    ['password', '/?password=SECRET-token-4'],
    ['an encoded name', '/api/v1/sync/pull?%74oken=SECRET-token-5'],
    ['a bare value', '/api/v1/sync/pull?SECRET-token-6'],
    ['a repeated name', '/api/v1/sync/pull?limit=5&token=a&token=SECRET-token-7'],
    ['a name in capitals', '/api/v1/sync/pull?Authorization=Bearer%20SECRET-token-8'],
    ['an encoded path', '/%61pi/v1/sync/pull?token=SECRET-token-9'],
    ['a fragment-looking value', '/api/v1/sync/pull?x=1%23&password=SECRET-token-10'],
    ['the userinfo of an absolute URL', 'http://admin:SECRET-token-12@127.0.0.1/api/v1/sync/pull'],
  ])('never hold a secret sent as %s', async (_name, path) => {
    await get(path)
    const secret = /SECRET-token-\d+/.exec(path)![0]
    expect(log.text()).toContain('request completed')
    expect(log.text()).not.toContain(secret)
    expect(log.text()).not.toContain(admin.token)
  })

  it('log the path and the harmless parameters, with the others redacted', async () => {
    await get('/api/v1/sync/pull?limit=7&token=SECRET-token-11')
    expect(log.urls()).toContain('/api/v1/sync/pull?limit=7&token=[redacted]')
    await get('/api/v1/sites')
    expect(log.urls()).toContain('/api/v1/sites')
  })
})
