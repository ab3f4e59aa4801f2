/**
 * Migration 0025 on a database holding registrations written before it: their flags are
 * counted from then on, one row per flag of each live registration, none for a deleted
 * or merged one, and later writes keep them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, migrateUpTo } from '@/server/db/migrate'
import type { Db } from '@/server/db/open'
import type { Registration } from '@/shared/schemas/registration'
import { namedRegistration } from '../helpers/records'
import { startTestServer, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

const at = { registeredOn: '2026-11-10', consentDate: '2026-11-10' }
const both = namedRegistration({ ...at, vulnerabilities: ['unaccompanied_child', 'gbv_survivor'] })
const kept = namedRegistration({ ...at, vulnerabilities: ['potential_trafficking_victim'] })
const merged = namedRegistration({ ...at, vulnerabilities: ['potential_trafficking_victim'], mergedInto: kept.id })
const deleted = namedRegistration({ ...at, vulnerabilities: ['disability'] })
const none = namedRegistration({ ...at, vulnerabilities: [] })

async function fillBefore(db: Db): Promise<void> {
  await migrateUpTo(db, '0024-sign-in-audit-unknown-users')
  let seq = 0
  const records: [Registration, boolean][] = [
    [both, false],
    [kept, false],
    [merged, false],
    [deleted, true],
    [none, false],
  ]
  for (const [data, gone] of records) {
    await db
      .insertInto('records')
      .values({
        id: data.id,
        entity: 'registration',
        site_code: data.siteCode,
        rev: gone ? 2 : 1,
        seq: ++seq,
        deleted: gone ? 1 : 0,
        data: gone ? null : JSON.stringify(data),
        device_id: 'old-phone',
        user_id: 'old-user',
        updated_at: new Date().toISOString(),
      })
      .execute()
  }
  await migrateToLatest(db)
}

describe.each(TEST_DATABASES)('registration vulnerabilities migration (%s)', (database) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({}, { database, migrate: fillBefore })
  })
  afterAll(() => server.close())

  it('fills the flags of the live registrations written before, and none of a merged or deleted one', async () => {
    const rows = await server.db
      .selectFrom('stats_vulnerabilities')
      .select(['id', 'site_code', 'day', 'vulnerability'])
      .orderBy('id')
      .orderBy('vulnerability')
      .execute()
    const row = (id: string, vulnerability: string) => ({ id, site_code: 'AGZ-TC', day: '2026-11-10', vulnerability })
    expect(rows).toEqual(
      [
        row(both.id, 'gbv_survivor'),
        row(both.id, 'unaccompanied_child'),
        row(kept.id, 'potential_trafficking_victim'),
      ].sort((a, b) => (a.id === b.id ? 0 : a.id < b.id ? -1 : 1)),
    )
  })
})
