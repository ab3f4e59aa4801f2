import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pullResponseSchema } from '@/shared/schemas/sync'
import { anonymousRegistration, flowCount, namedRegistration } from '../helpers/records'
import { pull, pullAll, pushOk, remove, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

describe.each(TEST_DATABASES)('pull (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let agadez: Session
  let arlit: Session
  let monitor: Session
  let supervisor: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    agadez = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    arlit = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    monitor = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'SEG-FMP'])
  })
  afterAll(() => server.close())

  it('pages through every change exactly once, and keeps the cursor when nothing changed', async () => {
    const records = Array.from({ length: 7 }, () => namedRegistration())
    await pushOk(
      server,
      agadez,
      records.map((r) => upsert('registration', r)),
    )
    const first = await pullAll(server, supervisor, 2)
    const ids = first.changes.map((c) => c.recordId)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual(expect.arrayContaining(records.map((r) => r.id)))
    expect(first.pages).toBeGreaterThanOrEqual(4)
    const again = await pull(server, supervisor, { since: first.cursor, limit: '2' })
    expect(pullResponseSchema.safeParse(again.body).success).toBe(true)
    expect(again.body).toEqual({ changes: [], cursor: first.cursor, more: false })
  })

  it('sends a record changed twice once, at its latest rev, and a deleted one without data', async () => {
    const { cursor } = await pullAll(server, supervisor)
    const kept = namedRegistration({ registeredBy: agadez.user.id })
    const gone = anonymousRegistration()
    await pushOk(server, agadez, [upsert('registration', kept), upsert('registration', gone)])
    await pushOk(server, agadez, [
      upsert('registration', { ...kept, caseStatus: 'assessed' }, 1),
      remove('registration', gone.id, 1),
    ])
    const { changes } = await pullAll(server, supervisor, 500, cursor)
    expect(changes).toEqual([
      { entity: 'registration', recordId: kept.id, rev: 2, deleted: false, data: { ...kept, caseStatus: 'assessed' } },
      { entity: 'registration', recordId: gone.id, rev: 2, deleted: true },
    ])
  })

  it('hides other sites and the entities of other roles', async () => {
    const atArlit = namedRegistration({ siteCode: 'ARL-TC' })
    const tally = flowCount()
    await pushOk(server, arlit, [upsert('registration', atArlit)])
    await pushOk(server, monitor, [upsert('flowCount', tally)])
    const seenByAgadez = (await pullAll(server, agadez)).changes.map((c) => c.recordId)
    expect(seenByAgadez).not.toContain(atArlit.id)
    expect(seenByAgadez).not.toContain(tally.id)
    const seenBySupervisor = (await pullAll(server, supervisor)).changes.map((c) => c.recordId)
    expect(seenBySupervisor).toContain(tally.id)
    expect(seenBySupervisor).not.toContain(atArlit.id)
    const seenByAdmin = (await pullAll(server, admin)).changes.map((c) => c.recordId)
    expect(seenByAdmin).toEqual(expect.arrayContaining([atArlit.id, tally.id]))
  })

  it('leaves out the versions the pulling device wrote itself', async () => {
    const mine = namedRegistration()
    await pushOk(server, agadez, [upsert('registration', mine)])
    expect((await pullAll(server, agadez)).changes.map((c) => c.recordId)).not.toContain(mine.id)
    await pushOk(server, supervisor, [upsert('registration', { ...mine, caseStatus: 'assessed' }, 1)])
    const after = (await pullAll(server, agadez)).changes.find((c) => c.recordId === mine.id)
    expect(after).toMatchObject({ rev: 2, deleted: false })
  })

  it('gzips a page for a client that accepts gzip', async () => {
    await pushOk(
      server,
      agadez,
      Array.from({ length: 5 }, () => upsert('registration', namedRegistration())),
    )
    const answer = await call(server, '/api/v1/sync/pull', {
      token: supervisor.token,
      headers: { 'accept-encoding': 'gzip' },
    })
    expect(answer.headers.get('content-encoding')).toBe('gzip')
    expect(pullResponseSchema.safeParse(answer.body).success).toBe(true)
    const plain = await call(server, '/api/v1/sync/pull', {
      token: supervisor.token,
      headers: { 'accept-encoding': 'identity' },
    })
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(plain.body).toEqual(answer.body)
  })

  it.each([
    ['a limit of 0', { limit: '0' }],
    ['a limit that is not a number', { limit: 'ten' }],
    ['a cursor it never gave', { since: 'garbage!' }],
  ])('answers 400 for %s', async (_name, query) => {
    const answer = await pull(server, agadez, query)
    expect(answer.status).toBe(400)
    expect(answer.body.changes).toBeUndefined()
  })
})
