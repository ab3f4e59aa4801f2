/**
 * Migration 0008 on a database that already holds registrations with case numbers
 * (pushed between the groundwork and the server's rules): each number is held by the
 * first case stored with it, and the rules hold from then on.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, migrateUpTo } from '@/server/db/migrate'
import type { Db } from '@/server/db/open'
import { namedRegistration } from '../helpers/records'
import { pushOk, upsert } from './helpers/sync-client'
import { loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

/** The user who registered the cases stored before the migration: an edit keeps that author (not_the_author). */
const registeredBy = 'registrar-of-2025'
const first = namedRegistration({ caseNumber: 'AGZ-7K-0001', registeredBy })
const twin = namedRegistration({ caseNumber: 'AGZ-7K-0001', registeredBy })
const other = namedRegistration({ caseNumber: 'AGZ-7K-0002', registeredBy })

async function fillBefore(db: Db): Promise<void> {
  await migrateUpTo(db, '0007-heal-records')
  let seq = 0
  for (const data of [first, twin, other]) {
    const common = {
      entity: 'registration' as const,
      rev: 1,
      deleted: 0,
      data: JSON.stringify(data),
      device_id: 'old-phone',
      user_id: 'old-user',
    }
    const at = new Date().toISOString()
    await db
      .insertInto('records')
      .values({ ...common, id: data.id, site_code: data.siteCode, seq: ++seq, updated_at: at })
      .execute()
    await db
      .insertInto('record_versions')
      .values({ ...common, record_id: data.id, mutation_id: randomUUID(), server_time: at })
      .execute()
  }
  await migrateToLatest(db)
}

describe.each(TEST_DATABASES)('case file migration (%s)', (database) => {
  let server: TestServer
  let registrar: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database, migrate: fillBefore })
    registrar = await signedInUser(server, await loginAdmin(server), 'registrar', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  it('gives each stored case number to the first case stored with it', async () => {
    const rows = await server.db.selectFrom('case_numbers').selectAll().orderBy('case_number').execute()
    expect(rows).toEqual([
      { record_id: first.id, case_number: 'AGZ-7K-0001' },
      { record_id: other.id, case_number: 'AGZ-7K-0002' },
    ])
    const answer = await pushOk(server, registrar, [
      upsert('registration', namedRegistration({ caseNumber: 'AGZ-7K-0002' })),
      upsert('registration', { ...first, phone: '+227 90 11 22 33' }, 1),
    ])
    expect(answer.results[0]).toMatchObject({
      status: 'rejected',
      errors: [{ path: ['caseNumber'], code: 'case_number_taken' }],
    })
    expect(answer.results[1]?.status).toBe('applied')
  })
})
