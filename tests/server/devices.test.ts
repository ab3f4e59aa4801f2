import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { deviceSummarySchema, type DeviceSummary } from '@/shared/schemas/devices'
import { namedRegistration } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { batch, pull, push, upsert } from './helpers/sync-client'
import {
  call,
  loginAdmin,
  signedInUser,
  startTestServer,
  TEST_PASSWORD,
  type Session,
  type TestServer,
} from './helpers/test-server'

describe.each(TEST_DATABASES)('the supervisors’ sync view (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  const devices = async () => {
    const answer = await call<DeviceSummary[]>(server, '/api/v1/devices', { token: supervisor.token })
    expect(answer.status).toBe(200)
    for (const device of answer.body) expect(deviceSummarySchema.parse(device)).toEqual(device)
    return answer.body
  }

  it('reports each device’s last push and pull, pending queue, last error and app version', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const fresh = (await devices()).find((d) => d.deviceId === registrar.deviceId)
    expect(fresh).toMatchObject({
      lastPushAt: null,
      lastPullAt: null,
      pending: null,
      lastError: null,
      appVersion: null,
    })

    const bad = upsert('registration', namedRegistration({ nationality: 'XXX' }))
    const good = upsert('registration', namedRegistration())
    await push(server, registrar, batch(registrar, [bad, good], { queue: { pending: 42 }, appVersion: '1.2.3' }))
    await pull(server, registrar)
    const after = (await devices()).find((d) => d.deviceId === registrar.deviceId)
    expect(after).toMatchObject({
      user: { id: registrar.user.id, role: 'registrar' },
      // the phone's 42 counted this batch of 2: 40 still wait on the phone after the answer
      pending: 40,
      lastError: '1 rejected',
      appVersion: '1.2.3',
      revoked: null,
    })
    expect(after?.lastPushAt).not.toBeNull()
    expect(after?.lastPullAt).not.toBeNull()

    // the last batch of a queue: nothing waits once it is answered (never a negative count)
    const last = [upsert('registration', namedRegistration()), upsert('registration', namedRegistration())]
    await push(server, registrar, batch(registrar, last, { queue: { pending: 2 } }))
    expect((await devices()).find((d) => d.deviceId === registrar.deviceId)?.pending).toBe(0)
    await push(
      server,
      registrar,
      batch(registrar, [upsert('registration', namedRegistration())], { queue: { pending: 0 } }),
    )
    expect((await devices()).find((d) => d.deviceId === registrar.deviceId)?.pending).toBe(0)
    expect(after?.lastErrorAt).not.toBeNull()

    await push(server, registrar, '{ not json', { headers: { 'content-type': 'application/json' } })
    expect((await devices()).find((d) => d.deviceId === registrar.deviceId)?.lastError).toBe('invalid_batch')
  })

  it('tells two phones of one user apart by the names given at sign-in', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const signIn = (deviceId: string, deviceName?: string) =>
      call(server, '/api/v1/auth/login', {
        body: {
          username: registrar.user.username,
          password: TEST_PASSWORD,
          deviceId,
          ...(deviceName ? { deviceName } : {}),
        },
      })
    const tecno = randomUUID()
    const itel = randomUUID()
    expect((await signIn(tecno, '  Tecno\u200b Aïcha ')).status).toBe(200)
    expect((await signIn(itel, 'Itel du centre')).status).toBe(200)
    expect((await signIn(tecno)).status).toBe(200) // signing in again without a name keeps it
    const mine = (await devices()).filter((d) => d.user.id === registrar.user.id)
    const name = (id: string) => mine.find((d) => d.deviceId === id)?.deviceName
    expect(name(tecno)).toBe('Tecno Aïcha') // cleaned as any text: trimmed, invisible marks gone
    expect(name(itel)).toBe('Itel du centre')
    expect((await signIn(randomUUID(), 'x'.repeat(61))).status).toBe(400)
  })

  it('keeps a phone’s name when another user signs in on it without giving one', async () => {
    const [aicha, moussa] = [
      await signedInUser(server, admin, 'registrar', ['AGZ-TC']),
      await signedInUser(server, admin, 'registrar', ['AGZ-TC']),
    ]
    const signIn = (who: Session, deviceId: string, deviceName?: string) =>
      call(server, '/api/v1/auth/login', {
        body: { username: who.user.username, password: TEST_PASSWORD, deviceId, ...(deviceName ? { deviceName } : {}) },
      })
    const shared = randomUUID()
    expect((await signIn(aicha, shared, 'Tecno du centre')).status).toBe(200)
    expect((await signIn(moussa, shared)).status).toBe(200)
    const pairs = (await devices()).filter((d) => d.deviceId === shared)
    expect(pairs.map((d) => [d.user.id, d.deviceName])).toEqual(
      expect.arrayContaining([
        [aicha.user.id, 'Tecno du centre'],
        [moussa.user.id, 'Tecno du centre'],
      ]),
    )
    // a name given at a sign-in is that pair's own
    expect((await signIn(moussa, shared, 'Tecno de Moussa')).status).toBe(200)
    const renamed = (await devices()).filter((d) => d.deviceId === shared)
    expect(renamed.find((d) => d.user.id === moussa.user.id)?.deviceName).toBe('Tecno de Moussa')
    expect(renamed.find((d) => d.user.id === aicha.user.id)?.deviceName).toBe('Tecno du centre')
  })
})
