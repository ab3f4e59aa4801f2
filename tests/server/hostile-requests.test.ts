import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { namedRegistration } from '../helpers/records'
import { jsonBody, rawRequest } from './helpers/raw-request'
import { pull, pullAll, pushOk, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

const cursor = (text: string) => Buffer.from(text).toString('base64url')

describe.each(TEST_DATABASES)('hostile pull requests (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let registrar: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    await pushOk(
      server,
      registrar,
      Array.from({ length: 3 }, () => upsert('registration', namedRegistration())),
    )
  })
  afterAll(() => server.close())

  const newestSeq = async () => {
    const row = await server.db
      .selectFrom('records')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirstOrThrow()
    return Number(row.seq)
  }

  it.each([
    ['a seq past 2^31', cursor('s2147483648')],
    ['the longest seq the parser took', cursor('s999999999999999')],
    ['the largest 32-bit seq', cursor('s2147483647')],
    ['a seq with a leading zero', cursor('s01')],
    ['s00', cursor('s00')],
    ['s-1, encoded', cursor('s-1')],
    ['s-1, not encoded', 's-1'],
    ['a padded cursor', `${cursor('s1')}=`],
    ['a cursor with a stray character', `${cursor('s1')}!`],
    ['text that is not base64', 'garbage!'],
    ['a cursor with a line break', cursor('s1\n')],
  ])('answers 400 invalid_cursor for %s', async (_name, since) => {
    const answer = await pull(server, admin, { since })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ error: 'invalid_cursor' })
    expect(answer.headers.get('cache-control')).toBe('no-store')
  })

  it('answers 400 invalid_cursor one past the newest change, and 200 at it', async () => {
    const newest = await newestSeq()
    expect(newest).toBeGreaterThan(0)
    const past = await pull(server, admin, { since: cursor(`s${newest + 1}`) })
    expect(past.status).toBe(400)
    expect(past.body).toMatchObject({ error: 'invalid_cursor' })
    const { cursor: given } = await pullAll(server, admin)
    expect(Buffer.from(given, 'base64url').toString()).toMatch(new RegExp(`^s${newest}\\.[\\w-]{10}$`))
    const at = await pull(server, admin, { since: given })
    expect(at.status).toBe(200)
    expect(at.body).toEqual({ changes: [], cursor: given, more: false })
  })

  it('answers 400 invalid_cursor to a user who sees nothing yet sends a cursor past the newest change', async () => {
    const nowhere = await signedInUser(server, admin, 'registrar', [])
    const answer = await pull(server, nowhere, { since: cursor('s2147483647') })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ error: 'invalid_cursor' })
  })

  it.each([
    ['a very long cursor', `?since=${'c'.repeat(4000)}`],
    ['two cursors', `?since=${cursor('s1')}&since=${cursor('s2')}`],
    ['limit=1e400', '?limit=1e400'],
    ['limit=-1', '?limit=-1'],
    ['limit=abc', '?limit=abc'],
    ['an empty limit', '?limit='],
    ['limit=1.5', '?limit=1.5'],
    ['limit=Infinity', '?limit=Infinity'],
    ['limit=NaN', '?limit=NaN'],
    ['a 30-digit limit', `?limit=${'9'.repeat(30)}`],
    ['two limits', '?limit=1&limit=2'],
  ])('answers a JSON 400 to %s, never a 5xx', async (_name, query) => {
    const answer = await rawRequest(server, `/api/v1/sync/pull${query}`, {
      headers: { authorization: `Bearer ${admin.token}` },
    })
    expect(answer.status).toBe(400)
    expect(answer.headers['content-type']).toMatch(/^application\/json/)
    expect(jsonBody(answer)).toMatchObject({ error: expect.stringMatching(/^invalid_(cursor|request)$/) })
    expect(answer.headers['cache-control']).toBe('no-store')
  })
})
