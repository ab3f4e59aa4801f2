import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashToken } from '@/server/store/tokens'
import { namedRegistration } from '../helpers/records'
import { batch, pull, push, pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

describe.each(TEST_DATABASES)('push-only credential (%s)', (database) => {
  let server: TestServer
  let admin: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  const locked = (session: Session): Session => ({ ...session, token: session.pushToken })

  it('comes with every sign-in, apart from the token, with its own expiry', async () => {
    const answer = await call(server, '/api/v1/auth/login', {
      body: { username: 'admin', password: 'admin-passphrase-for-tests', deviceId: admin.deviceId },
    })
    expect(answer.body.pushToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(answer.body.pushToken).not.toBe(answer.body.token)
    expect(Date.parse(String(answer.body.pushTokenExpiresAt))).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000)
  })

  it('pushes, and gets statuses and revs but never record data', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const other = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const record = namedRegistration({ givenName: 'Zeïnabou' })
    const first = upsert('registration', record)
    await pushOk(server, registrar, [first])
    // someone else changes the record; the locked device's stale edit is a conflict, its replay a duplicate
    await pushOk(server, other, [upsert('registration', { ...record, caseStatus: 'assessed' }, 1)])
    const stale = upsert('registration', { ...record, caseStatus: 'assisted' }, 1, { changedFields: ['caseStatus'] })
    const answer = await push(server, locked(registrar), batch(registrar, [first, stale]))
    expect(answer.status).toBe(200)
    expect(answer.body.results).toEqual([
      { mutationId: first.mutationId, status: 'duplicate', was: 'applied', rev: 1 },
      { mutationId: stale.mutationId, status: 'conflict', rev: 2 },
    ])
    expect(JSON.stringify(answer.body)).not.toContain('Zeïnabou')
    // the full token still gets the data, as the protocol says
    const full = await push(server, registrar, batch(registrar, [stale]))
    expect(full.body.results[0]).toMatchObject({
      status: 'duplicate',
      data: expect.objectContaining({ id: record.id }),
    })
  })

  it('is refused with 403 push_only everywhere but push', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    for (const path of ['/api/v1/sync/pull', '/api/v1/sites', '/api/v1/schema']) {
      const answer = await call(server, path, { token: registrar.pushToken })
      expect(answer.status).toBe(403)
      expect(answer.body).toEqual({ error: 'push_only', message: expect.any(String) })
    }
  })

  it('renews itself on use, and expires like a token', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const hash = hashToken(registrar.pushToken)
    await server.db
      .updateTable('tokens')
      .set({ expires_at: new Date(Date.now() + 60_000).toISOString() })
      .where('token_hash', '=', hash)
      .execute()
    await pushOk(server, locked(registrar), [])
    const row = await server.db
      .selectFrom('tokens')
      .select('expires_at')
      .where('token_hash', '=', hash)
      .executeTakeFirstOrThrow()
    expect(Date.parse(row.expires_at)).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000)
    await server.db
      .updateTable('tokens')
      .set({ expires_at: '2020-01-01T00:00:00.000Z' })
      .where('token_hash', '=', hash)
      .execute()
    const expired = await push(server, locked(registrar), batch(registrar, []))
    expect(expired.status).toBe(401)
    expect(expired.body.error).toBe('token_expired')
  })

  it('follows the revocation modes: wipe_after_upload still pushes, block refuses', async () => {
    const lost = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    await call(server, `/api/v1/devices/${lost.deviceId}/revoke`, { token: admin.token, body: {} })
    const wiped = await push(server, locked(lost), batch(lost, [upsert('registration', namedRegistration())]))
    expect(wiped.status).toBe(200)
    expect(wiped.body).toMatchObject({ wipe: true, results: [{ status: 'applied', rev: 1 }] })
    expect((await pull(server, locked(lost))).status).toBe(403)

    const stolen = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    await call(server, `/api/v1/devices/${stolen.deviceId}/revoke`, { token: admin.token, body: { mode: 'block' } })
    const blocked = await push(server, locked(stolen), batch(stolen, []))
    expect(blocked.status).toBe(401)
    expect(blocked.body).toMatchObject({ error: 'device_revoked', mode: 'block' })
  })
})
