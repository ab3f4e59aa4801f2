import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deviceSummarySchema, type DeviceSummary } from '@/shared/schemas/devices'
import { namedRegistration } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { batch, push, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('what waits on each phone, in Devices (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  const deviceOf = async (session: Session): Promise<DeviceSummary | undefined> => {
    const answer = await call<DeviceSummary[]>(server, '/api/v1/devices', { token: supervisor.token })
    expect(answer.status).toBe(200)
    for (const device of answer.body) expect(deviceSummarySchema.parse(device)).toEqual(device)
    return answer.body.find((d) => d.deviceId === session.deviceId && d.user.id === session.user.id)
  }

  it('keeps the records needing attention and the oldest waiting change, after the answer', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    expect(await deviceOf(registrar)).toMatchObject({ pending: null, attention: null, oldestUnsentAt: null })
    const bad = upsert('registration', namedRegistration({ nationality: 'XXX' }))
    const good = upsert('registration', namedRegistration())
    const queue = { pending: 5, attention: 2, oldestUnsentAt: '2026-11-28T09:30:00+01:00' }
    const answer = await push(server, registrar, batch(registrar, [bad, good], { queue }))
    expect(answer.status).toBe(200)
    expect(answer.body.results.map((r) => r.status)).toEqual(['rejected', 'applied'])
    // 5 waited, this batch's 2 were answered; 2 needed attention, and the refused one joins them
    expect(await deviceOf(registrar)).toMatchObject({
      pending: 3,
      attention: 3,
      oldestUnsentAt: '2026-11-28T08:30:00.000Z',
    })

    // the last batch: nothing waits any more, so there is no oldest waiting change
    const last = upsert('registration', namedRegistration())
    await push(server, registrar, batch(registrar, [last], { queue: { ...queue, pending: 1, attention: 3 } }))
    expect(await deviceOf(registrar)).toMatchObject({ pending: 0, attention: 3, oldestUnsentAt: null })

    // nothing to send, but the user discarded the refused records: a push with no mutations says so
    const report = await push(
      server,
      registrar,
      batch(registrar, [], { queue: { pending: 0, attention: 0, oldestUnsentAt: null } }),
    )
    expect(report.status).toBe(200)
    expect(report.body.results).toEqual([])
    expect(await deviceOf(registrar)).toMatchObject({ pending: 0, attention: 0, oldestUnsentAt: null })
  })

  it('answers null for a phone whose app does not report them', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    await push(server, registrar, batch(registrar, [], { queue: { pending: 1, attention: 4, oldestUnsentAt: null } }))
    await push(
      server,
      registrar,
      batch(registrar, [upsert('registration', namedRegistration())], { queue: { pending: 4 } }),
    )
    expect(await deviceOf(registrar)).toMatchObject({ pending: 3, attention: null, oldestUnsentAt: null })
    await push(server, registrar, { ...batch(registrar, []), queue: undefined })
    expect(await deviceOf(registrar)).toMatchObject({ pending: null, attention: null, oldestUnsentAt: null })
  })

  it.each([
    ['a negative count', { pending: 0, attention: -1 }, ['queue', 'attention'], 'too_small'],
    ['a fraction', { pending: 0, attention: 1.5 }, ['queue', 'attention'], 'invalid_type'],
    ['a string', { pending: 0, attention: '3' }, ['queue', 'attention'], 'invalid_type'],
    ['null', { pending: 0, attention: null }, ['queue', 'attention'], 'invalid_type'],
    ['a count past any phone', { pending: 0, attention: 2 ** 40 }, ['queue', 'attention'], 'too_big'],
    ['a pending count past the column', { pending: 2 ** 40 }, ['queue', 'pending'], 'too_big'],
    ['a time in words', { pending: 1, oldestUnsentAt: 'yesterday' }, ['queue', 'oldestUnsentAt'], 'invalid_format'],
    ['a time as a number', { pending: 1, oldestUnsentAt: 1764000000000 }, ['queue', 'oldestUnsentAt'], 'invalid_type'],
    [
      'a time without an offset',
      { pending: 1, oldestUnsentAt: '2026-11-28T09:30:00' },
      ['queue', 'oldestUnsentAt'],
      'invalid_format',
    ],
    ['a queue that is not an object', 'full', ['queue'], 'invalid_type'],
  ])('refuses %s with a 400 naming the field, and keeps what it knew', async (_what, queue, path, code) => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const known = { pending: 2, attention: 1, oldestUnsentAt: '2026-11-28T08:30:00.000Z' }
    expect((await push(server, registrar, batch(registrar, [], { queue: { ...known, pending: 2 } }))).status).toBe(200)
    const answer = await push(
      server,
      registrar,
      batch(registrar, [upsert('registration', namedRegistration())], { queue }),
    )
    expect(answer.status).toBe(400)
    expect(answer.body).toMatchObject({ error: 'invalid_batch', issues: [{ path, code }] })
    expect(await deviceOf(registrar)).toMatchObject(known)
  })
})
