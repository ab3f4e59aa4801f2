/**
 * Two real server processes (`node --import tsx src/server/main.ts`) on one PostgreSQL
 * database, as two hosts behind a reverse proxy would run: both first-start at once on
 * an empty database, then share sign-in limits, tokens, devices, keys and pull cursors.
 * Skipped with a message where no PostgreSQL answers, unless RELAIS_REQUIRE_POSTGRES=1.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres, type Db } from '@/server/db/open'
import { namedRegistration } from '../helpers/records'
import { createTempPostgres, HAS_POSTGRES, type TempPostgres } from './helpers/databases'
import { runMain } from './helpers/run-main'
import { batch, pullAll, push, pushOk, upsert } from './helpers/sync-client'
import { call, login, signedInUser, type Answer, type Endpoint, type Session } from './helpers/test-server'

describe.skipIf(!HAS_POSTGRES)('two server processes on one PostgreSQL database', () => {
  let database: TempPostgres
  let db: Db
  let servers: ReturnType<typeof runMain>[] = []
  let a: Endpoint
  let b: Endpoint
  let printed: (string | undefined)[] = []
  let adminPassword = ''
  beforeAll(async () => {
    database = await createTempPostgres()
    // no RELAIS_ADMIN_PASSWORD: the one that creates the admin prints a generated password
    const env = { DATABASE_URL: database.url, PORT: '0', RELAIS_STATIC_DIR: '/nonexistent' }
    servers = [runMain(env), runMain(env)]
    const urls = await Promise.all(servers.map((server) => server.banner()))
    ;[a, b] = urls.map((url) => ({ url: url.replace(/\/$/, '') })) as [Endpoint, Endpoint]
    db = await openPostgres(database.url)
    printed = servers.map((server) => /password "([^"]+)"/.exec(server.out.stdout)?.[1])
    adminPassword = printed.find((password) => password !== undefined) ?? ''
  }, 60_000)
  afterAll(async () => {
    const codes = await Promise.all(servers.map((server) => server.stop()))
    await db?.destroy()
    await database?.drop()
    expect(codes).toEqual([0, 0])
  })

  it('first-starts both at once: one admin, one server key, the password printed once', async () => {
    expect(printed.filter((password) => password !== undefined)).toHaveLength(1)
    expect(await db.selectFrom('users').select(['username', 'role']).execute()).toEqual([
      { username: 'admin', role: 'admin' },
    ])
    expect(await db.selectFrom('server_keys').select('active').execute()).toEqual([{ active: 1 }])
    const keys = await Promise.all([a, b].map((endpoint) => call(endpoint, '/api/v1/keys')))
    expect(keys[0]?.body).toEqual(keys[1]?.body)
    for (const endpoint of [a, b]) expect((await call(endpoint, '/api/v1/sites')).status).toBe(401)
    await login(a, 'admin', adminPassword)
    await login(b, 'admin', adminPassword)
  })

  it('shares the sign-in limits: failures split across the two processes hit 429 at 10', async () => {
    const admin = await login(a, 'admin', adminPassword)
    const username = `split-${randomUUID().slice(0, 8)}`
    const password = 'the-right-password'
    const created = await call(b, '/api/v1/users', {
      token: admin.token,
      body: { username, password, name: 'Split', role: 'registrar', sites: ['AGZ-TC'] },
    })
    expect(created.status).toBe(201)
    const attempt = (endpoint: Endpoint, guess: string) =>
      call(endpoint, '/api/v1/auth/login', { body: { username, password: guess, deviceId: randomUUID() } })
    const answers: Answer[] = await Promise.all(
      Array.from({ length: 24 }, (_, i) => attempt(i % 2 === 0 ? a : b, `wrong-${i}`)),
    )
    const statuses = answers.map((answer) => answer.status)
    expect(statuses.filter((status) => status === 401)).toHaveLength(10)
    expect(statuses.filter((status) => status === 429)).toHaveLength(14)
    for (const endpoint of [a, b]) {
      const right = await attempt(endpoint, password)
      expect(right.status).toBe(429)
      expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0)
    }
  })

  it('serves a device signed in on one from the other: push on A, pull on B, one token for both', async () => {
    const admin = await login(a, 'admin', adminPassword)
    const registrar: Session = await signedInUser(a, admin, 'registrar', ['AGZ-TC'])
    const record = namedRegistration({ givenName: 'Aïcha' })
    expect((await pushOk(a, registrar, [upsert('registration', record)])).results[0]).toMatchObject({
      status: 'applied',
      rev: 1,
    })
    // another user, signed in on B, pulls it there (a device's own writes are left out of its pulls)
    const reader = await signedInUser(b, admin, 'supervisor', ['AGZ-TC'])
    const onB = await pullAll(b, reader)
    expect(onB.changes.find((change) => change.recordId === record.id)).toMatchObject({ rev: 1 })

    // the registrar's token, issued by A, pushes and pulls on B
    const edit = upsert('registration', { ...record, caseStatus: 'assessed' }, 1)
    expect((await pushOk(b, registrar, [edit])).results[0]).toMatchObject({ status: 'applied', rev: 2 })
    expect((await pullAll(b, registrar)).changes).toEqual([])

    // both processes answer the same pull, and a cursor from one is good on the other
    const fromA = await pullAll(a, reader)
    const fromB = await pullAll(b, reader)
    expect(fromA.changes).toEqual(fromB.changes)
    expect(fromA.cursor).toBe(fromB.cursor)
    expect(fromA.changes.find((change) => change.recordId === record.id)).toMatchObject({ rev: 2 })
    const later = await pullAll(b, reader, 500, onB.cursor)
    expect(later.changes.map((change) => [change.recordId, change.rev])).toEqual([[record.id, 2]])
    expect((await pullAll(a, reader, 500, fromB.cursor)).changes).toEqual([])

    // revoked through B, cut off on A at once
    const revoked = await call(b, `/api/v1/devices/${registrar.deviceId}/revoke`, {
      token: admin.token,
      body: { mode: 'block', userId: registrar.user.id },
    })
    expect(revoked.status).toBe(200)
    const refused = await push(a, registrar, batch(registrar, [upsert('registration', namedRegistration())]))
    expect(refused.status).toBe(401)
    expect(refused.body).toMatchObject({ error: 'device_revoked', mode: 'block' })
  })
})
