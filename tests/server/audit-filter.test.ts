/**
 * The audit log's additive parts: `action` keeps only some actions (paged as the whole
 * log is), and each entry names its actor and the user a user action was about.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AuditPage } from '@/shared/schemas/audit'
import { TEST_DATABASES } from './helpers/databases'
import {
  call,
  login,
  loginAdmin,
  signedInUser,
  startTestServer,
  type Session,
  type TestServer,
} from './helpers/test-server'

describe.each(TEST_DATABASES)('the audit log by action (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    expect((await call(server, '/api/v1/export/registration.csv', { token: supervisor.token })).status).toBe(200)
    expect((await call(server, '/api/v1/export/flowCount.csv?personal=true', { token: admin.token })).status).toBe(200)
    await login(server, supervisor.user.username, 'not the password').catch(() => undefined)
    const renamed = await call(server, `/api/v1/users/${supervisor.user.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { name: 'Hadiza Garba' },
    })
    expect(renamed.status).toBe(200)
  })
  afterAll(() => server.close())

  const auditLog = async (query: string) => {
    const answer = await call<AuditPage>(server, `/api/v1/audit${query}`, { token: admin.token })
    expect(answer.status).toBe(200)
    return answer.body
  }

  it('keeps only the actions asked for, newest first, and pages through them', async () => {
    const exports = await auditLog('?action=export')
    expect(exports.entries.map((e) => [e.action, e.target, e.actorUserId])).toEqual([
      ['export', 'flowCount', admin.user.id],
      ['export', 'registration', supervisor.user.id],
    ])
    const first = await auditLog('?action=export&limit=1')
    expect(first.entries.map((e) => e.target)).toEqual(['flowCount'])
    const second = await auditLog(`?action=export&limit=1&before=${first.next}`)
    expect(second.entries.map((e) => e.target)).toEqual(['registration'])
    expect(second.next).toBeNull()
  })

  it('finds a page of one action through its index, not by reading back the whole log', async () => {
    if (database === 'sqlite') {
      const plan = await sql<{ detail: string }>`explain query plan
        select id from audit_log where action in ('export') and id < 'z' order by id desc limit 51`.execute(server.db)
      expect(plan.rows.map((row) => row.detail).join(' | ')).toMatch(/INDEX audit_log_action/)
    } else {
      const index = await sql<{ indexdef: string }>`select indexdef from pg_indexes
        where tablename = 'audit_log' and indexname = 'audit_log_action'`.execute(server.db)
      expect(index.rows[0]?.indexdef).toMatch(/\(action, id\)/)
    }
  })

  it('takes several actions, comma-separated or repeated', async () => {
    const joined = await auditLog('?action=sign_in_failed,export')
    const repeated = await auditLog('?action=sign_in_failed&action=export')
    expect(new Set(joined.entries.map((e) => e.action))).toEqual(new Set(['sign_in_failed', 'export']))
    expect(joined.entries).toHaveLength(3)
    expect(repeated.entries.map((e) => e.id)).toEqual(joined.entries.map((e) => e.id))
  })

  it('names the actor, and the user a user action was about, as the accounts are now', async () => {
    const [updated] = (await auditLog('?action=user_updated')).entries
    expect(updated).toMatchObject({
      target: supervisor.user.id,
      actor: { name: admin.user.name, username: 'admin', role: 'admin' },
      targetUser: { name: 'Hadiza Garba', username: supervisor.user.username, role: 'supervisor' },
    })
    const [failed] = (await auditLog('?action=sign_in_failed')).entries
    expect(failed).toMatchObject({ actor: null, targetUser: null, target: supervisor.user.username })
    const [exported] = (await auditLog('?action=export&limit=1')).entries
    expect(exported).toMatchObject({ actor: { username: 'admin', role: 'admin' }, targetUser: null })
  })

  it('refuses an action that is not one, on the field', async () => {
    for (const action of ['', 'exports', 'export,', "export' or 1=1", 'EXPORT', '%00', 'x'.repeat(3000)]) {
      const answer = await call<{ error: string; issues: { path: (string | number)[] }[] }>(
        server,
        `/api/v1/audit?action=${encodeURIComponent(action)}`,
        { token: admin.token },
      )
      expect(answer.status, action).toBe(400)
      expect(answer.body.error).toBe('invalid_request')
      expect(answer.body.issues[0]?.path[0]).toBe('action')
    }
  })

  it('stays for admins only, filtered or not', async () => {
    expect((await call(server, '/api/v1/audit?action=export', { token: supervisor.token })).status).toBe(403)
  })
})
