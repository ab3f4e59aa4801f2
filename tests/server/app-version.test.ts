import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isOlderVersion } from '@/server/http/app-version'
import { namedRegistration } from '../helpers/records'
import { batch, pull, push, upsert } from './helpers/sync-client'
import { ADMIN, call, loginAdmin, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

const HEADER = 'X-Relais-App-Version'
const refusal = {
  error: 'app_update_required',
  message: expect.stringContaining('0.3.0'),
  minAppVersion: '0.3.0',
}

describe('comparing app versions', () => {
  it.each([
    ['0.2.9', '0.3.0', true],
    ['0.3', '0.3.0', false],
    ['0.3.0', '0.3.0', false],
    ['0.10.0', '0.9.0', false],
    ['0.9.0', '0.10.0', true],
    ['1', '0.99.99', false],
    ['0.3.0.1', '0.3.0', false],
    ['00.2', '0.3', true],
    ['99999999999999999998', '99999999999999999999', true],
    ['dev', '0.3.0', false],
    ['0.2.0-beta', '0.3.0', false],
    ['', '0.3.0', false],
  ])('%s older than %s: %s', (version, minimum, older) => {
    expect(isOlderVersion(version, minimum)).toBe(older)
  })
})

describe.each(TEST_DATABASES)('minimum app version (%s)', (database) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({ minAppVersion: '0.3.0' }, { database })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  it('answers 426 to an older version in the header, before looking at the credentials', async () => {
    const old = { [HEADER]: '0.2.9' }
    const signIn = await call(server, '/api/v1/auth/login', {
      body: { ...ADMIN, deviceId: admin.deviceId },
      headers: old,
    })
    expect(signIn).toMatchObject({ status: 426, body: refusal })
    // no token at all: still 426, not 401
    expect(await call(server, '/api/v1/sync/pull', { headers: old })).toMatchObject({ status: 426, body: refusal })
    expect(await pull(server, admin)).toMatchObject({ status: 200 })
    const answer = await call(server, '/api/v1/sync/pull', { token: admin.token, headers: old })
    expect(answer).toMatchObject({ status: 426, body: refusal })
    expect(answer.headers.get('cache-control')).toBe('no-store')
  })

  it('refuses a push from an older version and applies nothing of it', async () => {
    const record = namedRegistration()
    const body = batch(admin, [upsert('registration', record)], { appVersion: '0.2.0' })
    expect(await push(server, admin, body)).toMatchObject({ status: 426, body: refusal })
    // the body counts even gzip-compressed, and even when the header says a newer version
    const zipped = await call(server, '/api/v1/sync/push', {
      token: admin.token,
      body: new Uint8Array(gzipSync(JSON.stringify(body))),
      headers: { 'content-encoding': 'gzip', [HEADER]: '0.3.0' },
    })
    expect(zipped).toMatchObject({ status: 426, body: refusal })
    const stored = await server.db.selectFrom('records').select('id').where('id', '=', record.id).execute()
    expect(stored).toEqual([])
  })

  it('serves the minimum and newer, versions that are not numbers, and requests that declare none', async () => {
    for (const version of ['0.3.0', '0.3', '1.0.0', 'dev']) {
      const answer = await call(server, '/api/v1/sync/pull', { token: admin.token, headers: { [HEADER]: version } })
      expect(answer.status, version).toBe(200)
    }
    const record = namedRegistration()
    const declared = await push(
      server,
      admin,
      batch(admin, [upsert('registration', record)], { appVersion: '0.3.1' }),
      {
        headers: { [HEADER]: '0.3.1' },
      },
    )
    expect(declared).toMatchObject({ status: 200, body: { results: [{ status: 'applied' }] } })
    // a third-party client written from the protocol sends no version
    const plain = await push(server, admin, batch(admin, [upsert('registration', namedRegistration())]))
    expect(plain).toMatchObject({ status: 200, body: { results: [{ status: 'applied' }] } })
    expect((await call(server, '/api/v1/sites', { token: admin.token })).status).toBe(200)
  })
})

describe.each(TEST_DATABASES)('no minimum app version (%s)', (database) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({}, { database })
  })
  afterAll(() => server.close())

  it('serves every version', async () => {
    const admin = await loginAdmin(server)
    const answer = await call(server, '/api/v1/sync/pull', { token: admin.token, headers: { [HEADER]: '0.0.1' } })
    expect(answer.status).toBe(200)
    const body = batch(admin, [upsert('registration', namedRegistration())], { appVersion: '0.0.1' })
    expect((await push(server, admin, body)).status).toBe(200)
  })
})
