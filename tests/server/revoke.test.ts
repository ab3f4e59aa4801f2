import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { namedRegistration } from '../helpers/records'
import { batch, pull, push, upsert } from './helpers/sync-client'
import {
  call,
  login,
  loginAdmin,
  signedInUser,
  startTestServer,
  TEST_PASSWORD,
  type Session,
  type TestServer,
} from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

describe.each(TEST_DATABASES)('device revocation (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  const revoke = (by: Session, deviceId: string, mode?: string, userId?: string) =>
    call(server, `/api/v1/devices/${deviceId}/revoke`, {
      token: by.token,
      body: { ...(mode ? { mode } : {}), ...(userId ? { userId } : {}) },
    })

  /** Signs an existing test user in again on another device id. */
  const signInOn = (session: Session, deviceId: string) => login(server, session.user.username, TEST_PASSWORD, deviceId)

  type Listed = { deviceId: string; user: { id: string }; revoked: { mode: string } | null }
  const listed = async (by: Session, deviceId: string) =>
    (await call<Listed[]>(server, '/api/v1/devices', { token: by.token })).body.filter((d) => d.deviceId === deviceId)

  it('marks the refusals a revoked phone sent, which nobody can fix there any more; others stay unmarked', async () => {
    const lost = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const kept = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    for (const session of [lost, kept]) {
      const refused = await push(
        server,
        session,
        batch(session, [upsert('registration', { ...namedRegistration(), sex: 'robot' })]),
      )
      expect(refused.body).toMatchObject({ results: [{ status: 'rejected' }] })
    }
    expect((await revoke(supervisor, lost.deviceId, 'block')).status).toBe(200)
    type Listed = { deviceId: string; deviceRevoked?: string }
    const records = (await call<{ records: Listed[] }>(server, '/api/v1/rejections', { token: supervisor.token })).body
      .records
    expect(records.find((r) => r.deviceId === lost.deviceId)).toMatchObject({ deviceRevoked: 'block' })
    expect(records.find((r) => r.deviceId === kept.deviceId)).not.toHaveProperty('deviceRevoked')
  })

  it('wipe_after_upload: pushes still apply and answer wipe, pulls answer 403', async () => {
    const lost = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const answer = await revoke(supervisor, lost.deviceId)
    expect(answer.status).toBe(200)
    expect(answer.body).toMatchObject({ deviceId: lost.deviceId, mode: 'wipe_after_upload' })
    const pushed = await push(server, lost, batch(lost, [upsert('registration', namedRegistration())]))
    expect(pushed.status).toBe(200)
    expect(pushed.body).toMatchObject({ wipe: true, results: [{ status: 'applied' }] })
    const pulled = await pull(server, lost)
    expect(pulled.status).toBe(403)
    expect(pulled.body).toMatchObject({ error: 'device_revoked', mode: 'wipe_after_upload' })
  })

  it('wipe_after_upload: a refused push says wipe too (400 invalid_batch, 413 batch_too_large), another device’s does not', async () => {
    const lost = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const kept = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    expect((await revoke(supervisor, lost.deviceId)).status).toBe(200)
    const broken = (session: Session) => ({ ...batch(session, []), batchId: 'not-a-uuid' })
    const tooMany = (session: Session) =>
      batch(
        session,
        Array.from({ length: 501 }, () => upsert('registration', namedRegistration())),
      )
    // past 2 MiB, refused while the body is read, before the route's code runs
    const tooBig = (session: Session) => ({ ...batch(session, []), padding: 'x'.repeat(2 * 1024 * 1024) })
    for (const [body, status, error] of [
      [broken, 400, 'invalid_batch'],
      [tooMany, 413, 'batch_too_large'],
      [tooBig, 413, 'batch_too_large'],
    ] as const) {
      const answer = await push(server, lost, body(lost))
      expect(answer.status).toBe(status)
      expect(answer.body).toMatchObject({ error, wipe: true })
      const other = await push(server, kept, body(kept))
      expect(other.status).toBe(status)
      expect(other.body).not.toHaveProperty('wipe')
    }
  })

  it('block: every call answers 401 device_revoked with the mode', async () => {
    const stolen = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    expect((await revoke(admin, stolen.deviceId, 'block')).status).toBe(200)
    for (const answer of [
      await push(server, stolen, batch(stolen, [upsert('registration', namedRegistration())])),
      await pull(server, stolen),
      await call(server, '/api/v1/sites', { token: stolen.token }),
    ]) {
      expect(answer.status).toBe(401)
      expect(answer.body).toMatchObject({ error: 'device_revoked', mode: 'block' })
    }
    // and signing in there again, with the right password, gives no new token
    const answer = await call(server, '/api/v1/auth/login', {
      body: { username: stolen.user.username, password: TEST_PASSWORD, deviceId: stolen.deviceId },
    })
    expect(answer.status).toBe(401)
    expect(answer.body).toMatchObject({ error: 'device_revoked', mode: 'block' })
    expect(answer.body).not.toHaveProperty('token')
    // the same user on another phone signs in as before
    expect((await signInOn(stolen, randomUUID())).token).toEqual(expect.any(String))
  })

  it('shows devices to supervisors of shared sites only, with their sync state and revocation', async () => {
    const elsewhere = await signedInUser(server, admin, 'registrar', ['DRK-TC'])
    const list = await call<{ deviceId: string; revoked: unknown }[]>(server, '/api/v1/devices', {
      token: supervisor.token,
    })
    expect(list.status).toBe(200)
    const ids = list.body.map((d) => d.deviceId)
    expect(ids).not.toContain(elsewhere.deviceId)
    expect(list.body.some((d) => d.revoked !== null)).toBe(true)
    expect((await revoke(supervisor, elsewhere.deviceId)).status).toBe(404)
    const all = await call<{ deviceId: string }[]>(server, '/api/v1/devices', { token: admin.token })
    expect(all.body.map((d) => d.deviceId)).toContain(elsewhere.deviceId)
  })

  it('revokes only the pairs the revoker covers: a supervisor on an Arlit phone’s id cannot cut off Arlit', async () => {
    const arlit = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    const agadez = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    // the supervisor signs in with the device id of the Arlit registrar's phone
    const borrowed = await signInOn(agadez, arlit.deviceId)
    expect((await listed(agadez, arlit.deviceId)).map((d) => d.user.id)).toEqual([agadez.user.id])

    const answer = await revoke(borrowed, arlit.deviceId, 'block')
    expect(answer.status).toBe(200)
    expect((await pull(server, arlit)).status).toBe(200)
    expect(answer.body).toMatchObject({ deviceId: arlit.deviceId, mode: 'block', userIds: [agadez.user.id] })
    expect(
      (await push(server, arlit, batch(arlit, [upsert('registration', namedRegistration({ siteCode: 'ARL-TC' }))])))
        .body,
    ).not.toHaveProperty('wipe')
    expect((await pull(server, borrowed)).body).toMatchObject({ error: 'device_revoked', mode: 'block' })

    // naming the Arlit registrar's pair is refused as if it did not exist
    expect((await revoke(agadez, arlit.deviceId, 'block', arlit.user.id)).status).toBe(404)
    expect((await pull(server, arlit)).status).toBe(200)
  })

  it('revokes one pair with userId; without it, every pair of the device the revoker covers', async () => {
    const one = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const two = await signInOn(await signedInUser(server, admin, 'registrar', ['AGZ-TC']), one.deviceId)
    const three = await signInOn(await signedInUser(server, admin, 'monitor', ['ARL-FMP']), one.deviceId)

    const single = await revoke(supervisor, one.deviceId, 'wipe_after_upload', two.user.id)
    expect(single.status).toBe(200)
    expect(single.body).toMatchObject({ userIds: [two.user.id], mode: 'wipe_after_upload' })
    expect((await pull(server, two)).status).toBe(403)
    expect((await pull(server, one)).status).toBe(200)
    const pairs = await listed(admin, one.deviceId)
    expect(Object.fromEntries(pairs.map((d) => [d.user.id, d.revoked?.mode ?? null]))).toEqual({
      [one.user.id]: null,
      [two.user.id]: 'wipe_after_upload',
      [three.user.id]: null,
    })

    // the supervisor of AGZ-TC does not cover a monitor of ARL-FMP: the whole device means their users only
    const whole = await revoke(supervisor, one.deviceId, 'block')
    expect((whole.body.userIds as string[]).sort()).toEqual([one.user.id, two.user.id].sort())
    expect((await pull(server, one)).body).toMatchObject({ error: 'device_revoked', mode: 'block' })
    expect((await pull(server, two)).body).toMatchObject({ error: 'device_revoked', mode: 'block' })
    expect((await pull(server, three)).status).toBe(200)
    expect((await revoke(admin, one.deviceId, 'block', three.user.id)).status).toBe(200)
    expect((await pull(server, three)).status).toBe(401)
  })

  it('lets a supervisor revoke registrars’ and monitors’ phones and their own, never an admin’s or another supervisor’s', async () => {
    const adminHere = await signedInUser(server, admin, 'admin', ['AGZ-TC'])
    const otherSupervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    const registrar = await signInOn(await signedInUser(server, admin, 'registrar', ['AGZ-TC']), adminHere.deviceId)
    for (const higher of [adminHere, otherSupervisor]) {
      const answer = await revoke(supervisor, higher.deviceId, 'block', higher.user.id)
      expect(answer.status).toBe(403)
      expect(answer.body).toMatchObject({ error: 'forbidden' })
      expect((await pull(server, higher)).status).toBe(200)
    }
    // the whole phone: the registrar's sign-in on it only, the admin's kept
    const whole = await revoke(supervisor, adminHere.deviceId, 'block')
    expect(whole.body).toMatchObject({ userIds: [registrar.user.id] })
    expect((await pull(server, adminHere)).status).toBe(200)
    expect((await pull(server, registrar)).status).toBe(401)
    // their own lost phone
    const own = await signInOn(supervisor, randomUUID())
    expect((await revoke(supervisor, own.deviceId, 'wipe_after_upload')).status).toBe(200)
    // an admin revokes anyone's
    expect((await revoke(admin, otherSupervisor.deviceId, 'block')).status).toBe(200)
  })

  it('answers 404 for a userId that never used the device', async () => {
    const one = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const other = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    expect((await revoke(admin, one.deviceId, 'block', other.user.id)).status).toBe(404)
    expect((await revoke(admin, one.deviceId, 'block', 'not-a-user')).status).toBe(404)
  })

  it('lets neither registrars list devices nor revoke them', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    expect((await call(server, '/api/v1/devices', { token: registrar.token })).status).toBe(403)
    expect((await revoke(registrar, registrar.deviceId)).status).toBe(403)
  })

  it('refuses an unknown mode with 400', async () => {
    expect((await revoke(admin, admin.deviceId, 'explode')).status).toBe(400)
  })
})
