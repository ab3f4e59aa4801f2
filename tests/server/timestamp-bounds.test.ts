/**
 * Timestamps a clock writes, and envelopes that say what they mean: a push refuses a
 * record's new timestamp in the year 0000 or 9999, with an offset of +23:59 or a fraction
 * of a second of 5,000 digits (`timestamp_out_of_bounds`, at the field), and answers a
 * mutation whose `at` is not a time or whose `changedFields` is not a list 400, at its
 * place, applying nothing (sync-protocol.md, rule 4). A record stored with such a time
 * before the rule keeps it and stays editable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PushResult } from '@/shared/schemas/sync'
import { flowCount, fmpStatus, namedRegistration } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { batch, push, pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

const LONG_FRACTION = `2026-11-29T09:30:00.${'1'.repeat(5000)}+01:00`
const OUT_OF_BOUNDS = [
  ['the year 0000', '0000-01-01T00:00:00Z'],
  ['the year 9999', '9999-12-31T23:59:59Z'],
  ['an offset of +23:59', '2026-11-29T09:30:00+23:59'],
  ['a fraction of 5,000 digits', LONG_FRACTION],
]

describe.each(TEST_DATABASES)('timestamps a clock writes (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let registrar: Session
  let monitor: Session

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    monitor = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
  })
  afterAll(() => server.close())

  const only = async (session: Session, mutation: ReturnType<typeof upsert>): Promise<PushResult> =>
    (await pushOk(server, session, [mutation])).results[0] as PushResult
  const refusedAt = (field: string) => ({
    status: 'rejected',
    errors: [expect.objectContaining({ path: [field], code: 'timestamp_out_of_bounds' })],
  })

  it.each(OUT_OF_BOUNDS)("refuses a record's createdAt, updatedAt, observedAt, from and to in %s", async (_, time) => {
    expect(await only(registrar, upsert('registration', namedRegistration({ createdAt: time })))).toMatchObject(
      refusedAt('createdAt'),
    )
    expect(await only(registrar, upsert('registration', namedRegistration({ updatedAt: time })))).toMatchObject(
      refusedAt('updatedAt'),
    )
    if (time.startsWith('2026')) {
      // the others' years are the event day's rule already (event_day)
      expect(await only(monitor, upsert('flowCount', flowCount({ observedAt: time })))).toMatchObject(
        refusedAt('observedAt'),
      )
      expect(await only(monitor, upsert('fmpStatus', fmpStatus({ from: time })))).toMatchObject(refusedAt('from'))
      const to = time.replace('T09:30', 'T19:30')
      const from = '2026-11-27T00:00:00.000+01:00'
      expect(await only(monitor, upsert('fmpStatus', fmpStatus({ from, to })))).toMatchObject(refusedAt('to'))
    }
  })

  it('takes the widest offsets and nanoseconds', async () => {
    const times = ['2026-11-29T09:30:00.123456789+14:00', '2026-11-28T09:30:00-12:00', '1900-01-01T00:00:00Z']
    for (const time of times) {
      expect(await only(registrar, upsert('registration', namedRegistration({ createdAt: time })))).toMatchObject({
        status: 'applied',
      })
    }
    expect(
      await only(monitor, upsert('flowCount', flowCount({ observedAt: '2026-11-29T09:30:00.123456789+14:00' }))),
    ).toMatchObject({ status: 'applied' })
  })

  it('answers a malformed at or changedFields 400 at its place, applying nothing', async () => {
    const person = namedRegistration()
    const cases = [
      { extra: { at: 'not a date at all' }, path: ['mutations', 0, 'at'], code: 'invalid_format' },
      { extra: { at: '9999-12-31T23:59:59Z' }, path: ['mutations', 0, 'at'], code: 'timestamp_out_of_bounds' },
      { extra: { changedFields: 'givenName' }, path: ['mutations', 0, 'changedFields'], code: 'invalid_type' },
      { extra: { changedFields: [42] }, path: ['mutations', 0, 'changedFields', 0], code: 'invalid_type' },
    ]
    for (const { extra, path, code } of cases) {
      const mutation = { ...upsert('registration', person), ...extra } as ReturnType<typeof upsert>
      const answer = await push(server, registrar, batch(registrar, [mutation]))
      expect(answer.status).toBe(400)
      expect(answer.body).toMatchObject({ error: 'invalid_batch', issues: [expect.objectContaining({ path, code })] })
    }
    const queue = batch(registrar, [upsert('registration', person)], {
      queue: { pending: 1, oldestUnsentAt: '0000-01-01T00:00:00Z' },
    })
    const answer = await push(server, registrar, queue)
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      issues: [expect.objectContaining({ path: ['queue', 'oldestUnsentAt'], code: 'timestamp_out_of_bounds' })],
    })
    const stored = await server.db.selectFrom('records').select('id').where('id', '=', person.id).execute()
    expect(stored).toEqual([])
  })

  it("refuses a conflict's resolution that brings such a time", async () => {
    const person = namedRegistration()
    const other = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    await pushOk(server, registrar, [upsert('registration', person)])
    await pushOk(server, registrar, [upsert('registration', { ...person, givenName: 'Aïcha' }, 1)])
    const stale = await only(other, upsert('registration', { ...person, givenName: 'Aïssa' }, 1))
    expect(stale.status).toBe('conflict')
    const listed = await call<{ id: string; recordId: string }[]>(server, '/api/v1/conflicts', {
      token: supervisor.token,
    })
    const conflict = listed.body.find((c) => c.recordId === person.id)
    const answer = await call(server, `/api/v1/conflicts/${conflict?.id ?? ''}/resolve`, {
      token: supervisor.token,
      body: { choice: 'merged', data: { ...person, createdAt: '9999-12-31T23:59:59Z' } },
    })
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({
      issues: [expect.objectContaining({ path: ['data', 'createdAt'], code: 'timestamp_out_of_bounds' })],
    })
  })

  it('keeps a record stored with such a time before the rule editable', async () => {
    const legacy = namedRegistration({ createdAt: '0000-01-01T00:00:00Z', registeredBy: registrar.user.id })
    const newest = await server.db
      .selectFrom('records')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .executeTakeFirst()
    await server.db
      .insertInto('records')
      .values({
        id: legacy.id,
        entity: 'registration',
        site_code: 'AGZ-TC',
        rev: 1,
        deleted: 0,
        data: JSON.stringify(legacy),
        seq: Number(newest?.seq ?? 0) + 1,
        device_id: registrar.deviceId,
        user_id: registrar.user.id,
        updated_at: new Date().toISOString(),
      })
      .execute()
    const edited = { ...legacy, givenName: 'Aïcha', updatedAt: new Date().toISOString() }
    expect(await only(registrar, upsert('registration', edited, 1))).toMatchObject({ status: 'applied', rev: 2 })
  })
})
