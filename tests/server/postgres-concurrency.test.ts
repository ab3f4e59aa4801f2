/**
 * PostgreSQL under concurrency (store/change-transaction.ts): two server processes on
 * one database apply each mutation once, and a pull never steps past a change that
 * commits later with an earlier seq. (SQLite runs one writer at a time: nothing to prove there.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPostgres, type Db } from '@/server/db/open'
import { ChangeSet } from '@/server/store/change-set'
import { inChangeTransaction } from '@/server/store/change-transaction'
import { newId } from '@/shared/ids'
import type { Mutation, PushResult } from '@/shared/schemas/sync'
import { namedRegistration } from '../helpers/records'
import { createTempPostgres, HAS_POSTGRES, type TempPostgres } from './helpers/databases'
import { runMain } from './helpers/run-main'
import { batch, pull, pullAll, push, upsert } from './helpers/sync-client'
import {
  login,
  loginAdmin,
  signedInUser,
  startTestServer,
  type Endpoint,
  type Session,
  type TestServer,
} from './helpers/test-server'

const ADMIN_ENV = { RELAIS_ADMIN_USERNAME: 'admin', RELAIS_ADMIN_PASSWORD: 'admin-passphrase-for-tests' }

describe.skipIf(!HAS_POSTGRES)('PostgreSQL: two server processes on one database', () => {
  let database: TempPostgres
  let db: Db
  let servers: ReturnType<typeof runMain>[] = []
  let endpoints: Endpoint[] = []
  beforeAll(async () => {
    database = await createTempPostgres()
    const env = { ...ADMIN_ENV, DATABASE_URL: database.url, PORT: '0', RELAIS_STATIC_DIR: '/nonexistent' }
    // the first one migrates and seeds; the second starts on the ready database
    const first = runMain(env)
    const firstUrl = await first.banner()
    const second = runMain(env)
    servers = [first, second]
    endpoints = [firstUrl, await second.banner()].map((url) => ({ url: url.replace(/\/$/, '') }))
    db = await openPostgres(database.url)
  }, 60_000)
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()))
    await db?.destroy()
    await database?.drop()
  })

  /** Overlapping windows of the mutations, each batch sent to both processes at once. */
  async function pushEverywhere(session: Session, mutations: Mutation[], size = 60, stride = 15) {
    const batches: Mutation[][] = []
    for (let start = 0; start < mutations.length; start += stride) batches.push(mutations.slice(start, start + size))
    const answers = await Promise.all(
      batches.flatMap((mutations) => {
        const body = batch(session, mutations)
        return endpoints.map((endpoint) => push(endpoint, session, body))
      }),
    )
    for (const answer of answers) expect(answer.status).toBe(200)
    return answers.flatMap((answer) => answer.body.results)
  }

  function expectAppliedOnce(results: PushResult[], mutations: Mutation[], rev: number) {
    for (const mutation of mutations) {
      const mine = results.filter((r) => r.mutationId === mutation.mutationId)
      expect(mine.length).toBeGreaterThanOrEqual(2)
      expect(mine.filter((r) => r.status === 'applied')).toEqual([
        { mutationId: mutation.mutationId, status: 'applied', rev },
      ])
      for (const r of mine.filter((r) => r.status !== 'applied'))
        expect(r).toMatchObject({ status: 'duplicate', was: 'applied', rev })
    }
  }

  it('applies every mutation exactly once when both are pushed the same batches concurrently', async () => {
    const admin = await loginAdmin(endpoints[0] as Endpoint)
    const registrar = await signedInUser(endpoints[0] as Endpoint, admin, 'registrar', ['AGZ-TC'])
    const records = Array.from({ length: 600 }, (_, i) => namedRegistration({ givenName: `Person ${i}` }))
    const creates = records.map((record) => upsert('registration', record))
    expectAppliedOnce(await pushEverywhere(registrar, creates), creates, 1)

    const edits = records.map((record) => upsert('registration', { ...record, caseStatus: 'assessed' }, 1))
    expectAppliedOnce(await pushEverywhere(registrar, edits), edits, 2)

    const perMutation = await db
      .selectFrom('record_versions')
      .select(['mutation_id', db.fn.countAll<number>().as('n')])
      .groupBy('mutation_id')
      .execute()
    expect(perMutation).toHaveLength(1200)
    expect(perMutation.every((row) => row.n === 1)).toBe(true)
    const answered = await db.selectFrom('mutations').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(answered.n).toBe(1200)
    const revs = await db.selectFrom('records').select('rev').distinct().execute()
    expect(revs).toEqual([{ rev: 2 }])
  })
})

describe.skipIf(!HAS_POSTGRES)('PostgreSQL: the pull cursor under concurrent commits', () => {
  let server: TestServer
  let registrar: Session
  let reader: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database: 'postgres' })
    const admin = await loginAdmin(server)
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    reader = await login(server, 'admin', 'admin-passphrase-for-tests')
  })
  afterAll(() => server?.close())

  it('never steps past a change that holds an earlier seq and commits later', async () => {
    const { cursor: start } = await pullAll(server, reader)
    const early = namedRegistration({ givenName: 'Early' })
    const late = namedRegistration({ givenName: 'Late' })
    let release = () => {}
    const held = new Promise<void>((resolve) => (release = resolve))
    let written = () => {}
    const hasWritten = new Promise<void>((resolve) => (written = resolve))

    // a slow transaction: it takes its seq first, then lingers before committing
    const slow = inChangeTransaction(server.db, async (trx) => {
      const changes = await ChangeSet.open(server.db, trx, [early.id])
      const at = new Date().toISOString()
      const version = { entity: 'registration' as const, recordId: early.id, siteCode: 'AGZ-TC', rev: 1, data: early }
      changes.write({ ...version, deviceId: newId(), userId: registrar.user.id, mutationId: newId(), at })
      await changes.flush()
      written()
      await held
    })
    await hasWritten
    const pushing = push(server, registrar, batch(registrar, [upsert('registration', late)]))

    // while it lingers, pulls see neither change and keep their cursor where it was
    const during = await pull(server, reader, { since: start })
    expect(during.body).toEqual({ changes: [], cursor: start, more: false })
    const settled = await Promise.race([pushing.then(() => 'answered'), sleep(500).then(() => 'waiting')])
    expect(settled).toBe('waiting') // the later change waits for the earlier seq to commit

    release()
    await slow
    expect((await pushing).body.results[0]).toMatchObject({ status: 'applied', rev: 1 })
    const after = await pullAll(server, reader, 500, during.body.cursor)
    expect(after.changes.map((c) => c.recordId)).toEqual([early.id, late.id])
    const seqs = await server.db
      .selectFrom('records')
      .select(['id', 'seq'])
      .where('id', 'in', [early.id, late.id])
      .orderBy('seq')
      .execute()
    expect(seqs.map((row) => row.id)).toEqual([early.id, late.id])
  })
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
