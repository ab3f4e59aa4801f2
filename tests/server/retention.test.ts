import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pruneHistory, startRetention } from '@/server/store/retention'
import { namedRegistration } from '../helpers/records'
import { pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

const DAY = 24 * 3600 * 1000

describe.each(TEST_DATABASES)('server retention (%s)', (database) => {
  let server: TestServer
  let one: Session
  let two: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    const admin = await loginAdmin(server)
    one = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    two = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  const revs = async (id: string) =>
    (
      await server.db.selectFrom('record_versions').select('rev').where('record_id', '=', id).orderBy('rev').execute()
    ).map((row) => row.rev)

  it('prunes old history but keeps current versions and those of open conflicts', async () => {
    const plain = namedRegistration()
    const disputed = namedRegistration()
    await pushOk(server, one, [upsert('registration', plain), upsert('registration', disputed)])
    await pushOk(server, one, [
      upsert('registration', { ...plain, caseStatus: 'assessed' }, 1),
      upsert('registration', { ...disputed, caseStatus: 'assessed' }, 1),
    ])
    await pushOk(server, one, [upsert('registration', { ...plain, caseStatus: 'assisted' }, 2)])
    // a stale edit by another device: an open conflict against base rev 1 and current rev 2
    const conflict = await pushOk(server, two, [
      upsert('registration', { ...disputed, caseStatus: 'referred' }, 1, { changedFields: ['caseStatus'] }),
    ])
    expect(conflict.results[0]!.status).toBe('conflict')

    const settings = { historyRetentionDays: 365, auditRetentionDays: 730 }
    expect((await pruneHistory(server.db, settings, new Date(Date.now() + 100 * DAY))).versions).toBe(0)
    const later = new Date(Date.now() + 400 * DAY)
    const pruned = await pruneHistory(server.db, settings, later)
    expect(pruned.versions).toBeGreaterThanOrEqual(2)
    expect(await revs(plain.id)).toEqual([3])
    expect(await revs(disputed.id)).toEqual([1, 2])
    // 0 keeps everything
    await pushOk(server, one, [upsert('registration', { ...plain, caseStatus: 'avrr_in_progress' }, 3)])
    await pruneHistory(server.db, { historyRetentionDays: 0, auditRetentionDays: 0 }, new Date(Date.now() + 9999 * DAY))
    expect(await revs(plain.id)).toEqual([3, 4])
  })

  it('drops audit entries past their own setting, at start and then on its timer', async () => {
    await call(server, '/api/v1/sync/pull', { token: one.token })
    const count = async () =>
      Number(
        (await server.db.selectFrom('audit_log').select(server.db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n,
      )
    expect(await count()).toBeGreaterThan(0)
    let now = new Date(Date.now() + 700 * DAY)
    const logged: unknown[] = []
    const log = { info: (o: unknown) => logged.push(o), error: (o: unknown) => logged.push(o) }
    const job = startRetention(server.db, { historyRetentionDays: 365, auditRetentionDays: 730 }, log, {
      now: () => now,
      everyMs: 20,
    })
    await job.done
    expect(await count()).toBeGreaterThan(0)
    now = new Date(Date.now() + 800 * DAY)
    await new Promise((resolve) => setTimeout(resolve, 100))
    job.stop()
    expect(await count()).toBe(0)
    expect(logged.length).toBeGreaterThan(1)
  })
})
