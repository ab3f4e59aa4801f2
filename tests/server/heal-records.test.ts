/**
 * Issue 7, "a hit database heals": records stored before the schemas were strict are
 * parsed again by migration 0007. What the rules can normalise comes back as a new rev;
 * what cannot leaves the pull stream as a deletion and is listed for supervisors, by id,
 * site, device and errors, never its content.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, migrateUpTo } from '@/server/db/migrate'
import type { Db } from '@/server/db/open'
import { ensureFirstAdmin } from '@/server/seed/first-admin'
import { seedSites } from '@/server/seed/seed-sites'
import { namedRegistration } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { pullAll } from './helpers/sync-client'
import {
  ADMIN,
  call,
  loginAdmin,
  signedInUser,
  startTestServer,
  type Session,
  type TestServer,
} from './helpers/test-server'

/** An array nested `depth` deep, as the attacker's client sent it. */
function nested(depth: number): unknown {
  let value: unknown = []
  for (let i = 1; i < depth; i++) value = [value]
  return value
}

/** Stores a version the way the server before issue 7 did: the body as sent, unchecked. */
async function storeRaw(db: Db, data: Record<string, unknown> & { id: string; siteCode: string }, userId: string) {
  const last = await db.selectFrom('records').select(db.fn.max('seq').as('seq')).executeTakeFirst()
  const text = JSON.stringify(data)
  const at = new Date().toISOString()
  const common = {
    entity: 'registration' as const,
    rev: 1,
    deleted: 0,
    data: text,
    device_id: 'old-phone',
    user_id: userId,
  }
  await db
    .insertInto('records')
    .values({ ...common, id: data.id, site_code: data.siteCode, seq: Number(last?.seq ?? 0) + 1, updated_at: at })
    .execute()
  await db
    .insertInto('record_versions')
    .values({ ...common, record_id: data.id, mutation_id: randomUUID(), server_time: at })
    .execute()
}

describe.each(TEST_DATABASES)('a hit database heals (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let reader: Session
  let supervisor: Session
  const records = {
    clean: namedRegistration(),
    normalisable: namedRegistration({ givenName: '\u200FAïcha\u200B ', familyName: ' Ag\u0000 Ahmed' }),
    deep: { ...namedRegistration(), notes: nested(4_100) },
    nestedUnknown: namedRegistration({ document: { type: 'passport', number: 'A1', stolen: true } as never }),
    farFuture: namedRegistration({ registeredOn: '9999-12-31' }),
  }

  /** The database as it was before migration 0007, with what the old server accepted in it; then the new server's migrations. */
  async function fillBeforeHealing(db: Db): Promise<void> {
    await migrateUpTo(db, '0006-revocation-pairs')
    await seedSites(db)
    const author = (await ensureFirstAdmin(db, ADMIN))?.id ?? 'unknown'
    for (const record of Object.values(records)) await storeRaw(db, record, author)
    await db
      .insertInto('conflicts')
      .values({
        id: randomUUID(),
        entity: 'registration',
        record_id: records.clean.id,
        mutation_id: randomUUID(),
        op: 'upsert',
        base_rev: 0,
        current_rev: 1,
        data: JSON.stringify({ ...records.clean, notes: nested(4_100) }),
        changed_fields: null,
        device_id: 'old-phone',
        user_id: author,
        created_at: new Date().toISOString(),
        device_at: null,
        resolution: null,
        resolved_by: null,
        resolved_at: null,
        resolved_rev: null,
      })
      .execute()
    await migrateToLatest(db)
  }

  beforeAll(async () => {
    server = await startTestServer({}, { database, migrate: fillBeforeHealing })
    admin = await loginAdmin(server)
    reader = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  it('answers every pull again, with the normalised record at a new rev and the unreadable ones deleted', async () => {
    for (const session of [reader, admin]) {
      const { changes } = await pullAll(server, session)
      const byId = new Map(changes.map((change) => [change.recordId, change]))
      expect(byId.get(records.clean.id)).toMatchObject({ rev: 1, deleted: false, data: records.clean })
      expect(byId.get(records.normalisable.id)).toMatchObject({
        rev: 2,
        deleted: false,
        data: { givenName: 'Aïcha', familyName: 'Ag Ahmed' },
      })
      for (const gone of [records.deep, records.nestedUnknown, records.farFuture]) {
        expect(byId.get(gone.id)).toEqual({ entity: 'registration', recordId: gone.id, rev: 2, deleted: true })
      }
    }
  })

  it('lists the unreadable records for supervisors by id, site, device and errors, never their content', async () => {
    const answer = await call<{ records: Record<string, unknown>[] }>(server, '/api/v1/quarantine', {
      token: supervisor.token,
    })
    expect(answer.status).toBe(200)
    const listed = answer.body.records
    expect(listed.map((r) => r.recordId).sort()).toEqual(
      [records.deep.id, records.nestedUnknown.id, records.farFuture.id].sort(),
    )
    const byId = new Map(listed.map((r) => [r.recordId, r]))
    expect(byId.get(records.nestedUnknown.id)).toMatchObject({
      entity: 'registration',
      siteCode: 'AGZ-TC',
      deviceId: 'old-phone',
      rev: 1,
      errors: [{ path: ['document', 'stolen'], code: 'unrecognized_keys' }],
    })
    expect(byId.get(records.deep.id)).toMatchObject({ errors: [{ path: [], code: 'too_deep' }] })
    expect(byId.get(records.farFuture.id)).toMatchObject({ errors: [{ path: ['registeredOn'], code: 'event_day' }] })
    expect(JSON.stringify(listed)).not.toContain(records.farFuture.givenName)

    const elsewhere = await signedInUser(server, admin, 'supervisor', ['ARL-TC'])
    const theirs = await call<{ records: unknown[] }>(server, '/api/v1/quarantine', { token: elsewhere.token })
    expect(theirs.body.records).toEqual([])
    expect((await call(server, '/api/v1/quarantine', { token: reader.token })).status).toBe(403)
  })

  it('answers the conflicts list again: a conflict too deep to read lost its data', async () => {
    const answer = await call(server, '/api/v1/conflicts?status=resolved', { token: supervisor.token })
    expect(answer.status).toBe(200)
    expect((await call(server, '/api/v1/conflicts', { token: admin.token })).status).toBe(200)
  })
})
