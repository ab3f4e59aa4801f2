/**
 * The reads the server audits (a pull page of case files, conflicts, duplicates,
 * quarantined and refused records) answer GET only, as the exports do: Fastify answered
 * HEAD by running the GET, so a HEAD wrote a `records_read` (or `conflicts_read`…) entry
 * for records nobody received, and a HEAD on pull counted as the device's last pull and
 * renewed its token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { namedRegistration } from '../helpers/records'
import { pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe('HEAD on audited reads', () => {
  let server: TestServer
  let supervisor: Session
  beforeAll(async () => {
    server = await startTestServer()
    const admin = await loginAdmin(server)
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    await pushOk(server, registrar, [upsert('registration', namedRegistration())])
  })
  afterAll(() => server.close())

  const auditCount = async () =>
    Number(
      (
        await server.db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const lastPull = async () =>
    (
      await server.db
        .selectFrom('devices')
        .select('last_pull_at')
        .where('device_id', '=', supervisor.deviceId)
        .executeTakeFirst()
    )?.last_pull_at ?? null

  it.each(['/api/v1/sync/pull', '/api/v1/conflicts', '/api/v1/duplicates', '/api/v1/quarantine', '/api/v1/rejections'])(
    'answers HEAD %s 405 and audits nothing',
    async (path) => {
      const audited = await auditCount()
      const pulled = await lastPull()
      const answer = await call(server, path, { method: 'HEAD', token: supervisor.token })
      expect(answer.status).toBe(405)
      expect(answer.headers.get('allow')).toMatch(/\bGET\b/)
      expect(await auditCount()).toBe(audited)
      expect(await lastPull()).toBe(pulled)
      const read = await call(server, path, { token: supervisor.token })
      expect(read.status).toBe(200)
    },
  )
})
