/**
 * Migration 0016 on a database whose figures counted merged cases (before stats-facts
 * left them out): the merged case's row goes, the kept case's and the others' stay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, migrateUpTo } from '@/server/db/migrate'
import type { Db } from '@/server/db/open'
import { namedRegistration } from '../helpers/records'
import { startTestServer, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

const kept = namedRegistration({ registeredOn: '2026-11-10', nationality: 'MLI' })
const merged = namedRegistration({ registeredOn: '2026-11-11', nationality: 'MLI', mergedInto: kept.id })
const other = namedRegistration({ registeredOn: '2026-11-12', nationality: 'NGA' })

async function fillBefore(db: Db): Promise<void> {
  await migrateUpTo(db, '0015-lost-sites')
  let seq = 0
  for (const data of [kept, merged, other]) {
    await db
      .insertInto('records')
      .values({
        id: data.id,
        entity: 'registration',
        site_code: data.siteCode,
        rev: 1,
        seq: ++seq,
        deleted: 0,
        data: JSON.stringify(data),
        device_id: 'old-phone',
        user_id: 'old-user',
        updated_at: new Date().toISOString(),
      })
      .execute()
    // as the figures' rows were written before: one per case, merged or not
    await db
      .insertInto('stats_facts')
      .values({
        id: data.id,
        entity: 'registration',
        site_code: data.siteCode,
        day: data.registeredOn,
        label: data.nationality ?? 'UNK',
        vulnerable: 0,
        case_status: 'registered',
        under_avrr: 0,
        status_on: null,
      })
      .execute()
  }
  await migrateToLatest(db)
}

describe.each(TEST_DATABASES)('merged cases migration (%s)', (database) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer({}, { database, migrate: fillBefore })
  })
  afterAll(() => server.close())

  it('leaves a merged case out of the figures, and keeps every other case in them', async () => {
    const rows = await server.db.selectFrom('stats_facts').select(['id', 'day']).orderBy('day').execute()
    expect(rows).toEqual([
      { id: kept.id, day: '2026-11-10' },
      { id: other.id, day: '2026-11-12' },
    ])
  })
})
