/**
 * A refused sign-in is audited without the text typed as a username when it names no
 * account: a password typed into the username field must not stay in the log. It names
 * the account when there is one; entries written before (migration 0024) are brought to
 * the same rule. Over real HTTP on SQLite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, migrateUpTo } from '@/server/db/migrate'
import type { Db } from '@/server/db/open'
import { ensureFirstAdmin } from '@/server/seed/first-admin'
import { TEST_DATABASES } from './helpers/databases'
import { ADMIN, call, loginAdmin, startTestServer, type Session, type TestServer } from './helpers/test-server'

/** What the server wrote before migration 0024: a password typed as a username, and a real username. */
const TYPED_BEFORE = 'Tamanrasset-2026!'

describe.each(TEST_DATABASES)('the audit of a refused sign-in (%s)', (database) => {
  let server: TestServer
  let admin: Session

  async function withOldEntries(db: Db): Promise<void> {
    await migrateUpTo(db, '0023-flow-rollup-bigint')
    await ensureFirstAdmin(db, ADMIN)
    for (const target of [TYPED_BEFORE, ADMIN.username]) {
      await db
        .insertInto('audit_log')
        .values({
          id: randomUUID(),
          at: new Date().toISOString(),
          actor_user_id: null,
          device_id: randomUUID(),
          action: 'sign_in_failed',
          target,
          details: JSON.stringify({ address: '10.0.0.7', reason: 'invalid_credentials' }),
        })
        .execute()
    }
    await migrateToLatest(db)
  }

  beforeAll(async () => {
    server = await startTestServer({}, { database, migrate: withOldEntries })
    admin = await loginAdmin(server)
  })
  afterAll(() => server.close())

  const signIn = (username: string, password: string) =>
    call(server, '/api/v1/auth/login', { body: { username, password, deviceId: randomUUID() } })
  const logHolds = async (text: string) => {
    const rows = await server.db.selectFrom('audit_log').select(['target', 'details']).execute()
    return rows.some((row) => (row.target ?? '').includes(text) || (row.details ?? '').includes(text))
  }
  const failures = () =>
    server.db.selectFrom('audit_log').select(['target', 'details']).where('action', '=', 'sign_in_failed').execute()

  it('keeps no text typed as a username that names no account, only that it was unknown', async () => {
    const typed = `Sahel-${randomUUID().slice(0, 8)}-pass`
    expect((await signIn(typed, 'anything')).status).toBe(401)
    expect(await logHolds(typed)).toBe(false)
    const unknown = (await failures()).filter((row) => row.target === null)
    expect(unknown.map((row) => JSON.parse(row.details ?? '{}'))).toContainEqual(
      expect.objectContaining({ reason: 'invalid_credentials', unknownUser: true }),
    )
  })

  it('names the account of a wrong password', async () => {
    expect((await signIn(ADMIN.username, 'not-the-password')).status).toBe(401)
    const named = (await failures()).filter((row) => row.target === ADMIN.username)
    expect(named.length).toBeGreaterThan(0)
  })

  it('keeps no unknown username refused by the limits either', async () => {
    const typed = `Agadez-${randomUUID().slice(0, 8)}`
    const answers = []
    for (let i = 0; i < 11; i++) answers.push((await signIn(typed, `guess-${i}`)).status)
    expect(answers.at(-1)).toBe(429)
    expect(await logHolds(typed)).toBe(false)
    const limited = (await failures()).map((row) => JSON.parse(row.details ?? '{}') as Record<string, unknown>)
    expect(limited).toContainEqual(expect.objectContaining({ reason: 'too_many_attempts', unknownUser: true }))
  })

  it('took the text typed before out of the log, and kept the account named', async () => {
    expect(await logHolds(TYPED_BEFORE)).toBe(false)
    const read = await call<{ entries: { target: string | null }[] }>(server, '/api/v1/audit?action=sign_in_failed', {
      token: admin.token,
    })
    expect(read.status).toBe(200)
    expect(read.body.entries.map((e) => e.target)).toContain(ADMIN.username)
  })
})
