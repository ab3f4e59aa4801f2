import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { namedRegistration } from '../helpers/records'
import { batch, pull, push, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
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

  const revoke = (by: Session, deviceId: string, mode?: string) =>
    call(server, `/api/v1/devices/${deviceId}/revoke`, { token: by.token, body: mode ? { mode } : {} })

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

  it('lets neither registrars list devices nor revoke them', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    expect((await call(server, '/api/v1/devices', { token: registrar.token })).status).toBe(403)
    expect((await revoke(registrar, registrar.deviceId)).status).toBe(403)
  })

  it('refuses an unknown mode with 400', async () => {
    expect((await revoke(admin, admin.deviceId, 'explode')).status).toBe(400)
  })
})
