/**
 * A push body is JSON, and JSON on the wire is UTF-8 (RFC 8259, 8.1). A body in another
 * encoding (Latin-1 from a client that did not encode its text) is a broken envelope,
 * rule 4: before, its bytes became U+FFFD, the record was stored with its names mangled
 * and answered `applied` without `data`, so the device kept its own version and the two
 * disagreed without anyone knowing.
 */
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { namedRegistration } from '../helpers/records'
import { batch, pullAll, push, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

describe.each(TEST_DATABASES)('push body encoding (%s)', (database) => {
  let server: TestServer
  let registrar: Session
  let supervisor: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    const admin = await loginAdmin(server)
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  const stored = async (recordId: string) =>
    (await pullAll(server, supervisor)).changes.find((change) => change.recordId === recordId)

  it.each([
    ['plain', (json: string) => Buffer.from(json, 'latin1'), {}],
    ['gzip', (json: string) => gzipSync(Buffer.from(json, 'latin1')), { 'content-encoding': 'gzip' }],
  ])(
    'refuses a %s body that is not UTF-8 with 400 invalid_batch, and stores nothing',
    async (_name, encode, headers) => {
      const record = namedRegistration({ givenName: 'Aïchatou', familyName: 'Maïga' })
      const body = encode(JSON.stringify(batch(registrar, [upsert('registration', record)])))
      const answer = await push(server, registrar, new Uint8Array(body), {
        headers: { 'content-type': 'application/json; charset=iso-8859-1', ...headers },
      })
      expect(answer.status).toBe(400)
      expect(answer.body).toMatchObject({ error: 'invalid_batch', issues: [{ path: [], code: 'not_utf8' }] })
      expect(await stored(record.id)).toBeUndefined()
    },
  )

  it('takes the same record sent as UTF-8, a U+FFFD written by the device included', async () => {
    const record = namedRegistration({ givenName: 'Aïchatou', familyName: 'Maïga \uFFFD' })
    const body = Buffer.from(JSON.stringify(batch(registrar, [upsert('registration', record)])), 'utf8')
    const answer = await push(server, registrar, new Uint8Array(body))
    expect(answer.status).toBe(200)
    expect(answer.body.results).toMatchObject([{ status: 'applied', rev: 1 }])
    expect((await stored(record.id))?.data).toMatchObject({ givenName: 'Aïchatou', familyName: 'Maïga \uFFFD' })
  })
})
