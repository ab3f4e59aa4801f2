/**
 * `limit` of a pull (sync-protocol.md, Pull): the protocol sets its default (500) and no
 * maximum, so a client that asks for more pages than the server gives is answered with
 * the largest page the server gives (MAX_PULL_LIMIT) and `more: true`, never refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_PULL_LIMIT, pullResponseSchema } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { pull, pullAll, pushOk, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

describe.each(TEST_DATABASES)('pull limits (%s)', (database) => {
  let server: TestServer
  let registrar: Session
  let supervisor: Session
  const total = MAX_PULL_LIMIT + 3
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    const admin = await loginAdmin(server)
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    const records = Array.from({ length: total }, () => upsert('registration', namedRegistration()))
    for (let start = 0; start < total; start += 500) await pushOk(server, registrar, records.slice(start, start + 500))
  }, 120_000)
  afterAll(() => server.close())

  it.each(['1001', '5000', '2147483648'])(
    'answers limit=%s with the largest page it gives, and more',
    async (limit) => {
      const first = await pull(server, supervisor, { limit })
      expect(first.status).toBe(200)
      expect(pullResponseSchema.safeParse(first.body).success).toBe(true)
      expect(first.body.changes).toHaveLength(MAX_PULL_LIMIT)
      expect(first.body.more).toBe(true)
      const rest = await pull(server, supervisor, { limit, since: first.body.cursor })
      expect(rest.status).toBe(200)
      expect(rest.body.changes).toHaveLength(total - MAX_PULL_LIMIT)
      expect(rest.body.more).toBe(false)
      const ids = new Set([...first.body.changes, ...rest.body.changes].map((change) => change.recordId))
      expect(ids.size).toBe(total)
    },
  )

  it('pages the same at the largest limit as above it', async () => {
    const atMax = await pullAll(server, supervisor, MAX_PULL_LIMIT)
    expect(atMax.changes).toHaveLength(total)
    expect(atMax.pages).toBe(2)
  })

  it.each(['0', '-1', '1.5', 'ten', ''])('still answers 400 invalid_request to limit=%j', async (limit) => {
    const answer = await pull(server, supervisor, { limit })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ error: 'invalid_request', issues: [{ path: ['limit'] }] })
  })
})
