/**
 * A change refused from a phone since revoked: nobody can fix or discard it on that phone,
 * so a supervisor who sees it closes it (POST /api/v1/rejections/close-revoked), audited;
 * a refusal from a phone still in use, one a supervisor does not cover (a supervisor of no
 * site covers none), or an unknown id answers not_found and stays as it is.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DecideRejectionsAnswer, RejectionList } from '@/shared/schemas/rejections'
import { namedRegistration } from '../helpers/records'
import { batch, push, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

describe.each(TEST_DATABASES)('closing refusals from a revoked phone (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  /** A registrar's phone whose push was refused: a registration with a sex the schema does not know. */
  const refusedBy = async (sites = ['AGZ-TC']) => {
    const registrar = await signedInUser(server, admin, 'registrar', sites)
    const refused = await push(
      server,
      registrar,
      batch(registrar, [
        upsert('registration', { ...namedRegistration({ siteCode: sites[0] }), sex: 'robot' as 'male' }),
      ]),
    )
    expect(refused.body).toMatchObject({ results: [{ status: 'rejected' }] })
    return registrar
  }
  const openRefusals = async (by: Session) =>
    (await call<RejectionList>(server, '/api/v1/rejections', { token: by.token })).body.records
  const close = (by: Session, ids: string[]) =>
    call<DecideRejectionsAnswer>(server, '/api/v1/rejections/close-revoked', { token: by.token, body: { ids } })
  const revoke = (deviceId: string) =>
    call(server, `/api/v1/devices/${deviceId}/revoke`, { token: supervisor.token, body: { mode: 'block' } })

  it('closes a revoked phone’s refusal for a supervisor who sees it, and audits it', async () => {
    const lost = await refusedBy()
    const inUse = await refusedBy()
    expect((await revoke(lost.deviceId)).status).toBe(200)
    const listed = await openRefusals(supervisor)
    const ofLost = listed.find((r) => r.deviceId === lost.deviceId)
    const ofInUse = listed.find((r) => r.deviceId === inUse.deviceId)
    if (!ofLost || !ofInUse) throw new Error('both refusals are listed')

    const answer = await close(supervisor, [ofLost.id, ofInUse.id, randomUUID()])
    expect(answer.status).toBe(200)
    expect(answer.body.results).toEqual([
      { id: ofLost.id, status: 'discarded' },
      { id: ofInUse.id, status: 'not_found' },
      { id: expect.any(String), status: 'not_found' },
    ])
    const after = (await openRefusals(supervisor)).map((r) => r.id)
    expect(after).not.toContain(ofLost.id)
    expect(after).toContain(ofInUse.id)
    // again: it is closed already
    expect((await close(supervisor, [ofLost.id])).body.results).toEqual([{ id: ofLost.id, status: 'not_found' }])

    const log = await call<{ entries: { action: string; target: string | null; details: unknown }[] }>(
      server,
      '/api/v1/audit?action=rejection_discarded',
      { token: admin.token },
    )
    expect(log.body.entries).toContainEqual(
      expect.objectContaining({
        action: 'rejection_discarded',
        target: ofLost.recordId,
        details: expect.objectContaining({ rejection: ofLost.id, deviceRevoked: true }),
      }),
    )
  })

  it('leaves a refusal a supervisor does not cover, and is refused to registrars', async () => {
    const elsewhere = await refusedBy(['NIA-TC1'])
    expect(
      (
        await call(server, `/api/v1/devices/${elsewhere.deviceId}/revoke`, {
          token: admin.token,
          body: { mode: 'block' },
        })
      ).status,
    ).toBe(200)
    const id = (await openRefusals(admin)).find((r) => r.deviceId === elsewhere.deviceId)?.id ?? ''
    expect((await close(supervisor, [id])).body.results).toEqual([{ id, status: 'not_found' }])
    const ofNoSite = await signedInUser(server, admin, 'supervisor', [])
    expect((await close(ofNoSite, [id])).body.results).toEqual([{ id, status: 'not_found' }])
    expect((await openRefusals(admin)).map((r) => r.id)).toContain(id)
    const registrar = await signedInUser(server, admin, 'registrar', ['NIA-TC1'])
    expect((await close(registrar, [id])).status).toBe(403)
    expect((await close(admin, [id])).body.results).toEqual([{ id, status: 'discarded' }])
  })
})
