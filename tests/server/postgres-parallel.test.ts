/**
 * PostgreSQL plans a parallel scan once the records are many (some 12,000 tallies), and
 * a parallel worker cannot run a function with an exception block: the FMP statuses
 * beside the day figures (and the exports reading them) then failed with a 500. Here the
 * planner is told to go parallel at once, on one connection, and the statuses are read
 * through it; migration 0018 keeps the function in the leader.
 */
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowDayStatusesOf } from '@/server/stats/day-statuses'
import { flowCount, fmpStatus } from '../helpers/records'
import { HAS_POSTGRES } from './helpers/databases'
import { pushOk, upsert } from './helpers/sync-client'
import { loginAdmin, startTestServer, type TestServer } from './helpers/test-server'

describe.skipIf(!HAS_POSTGRES)('PostgreSQL: the FMP statuses under a parallel plan', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer({}, { database: 'postgres' })
    const admin = await loginAdmin(server)
    await pushOk(server, admin, [
      upsert('flowCount', flowCount({ siteCode: 'SEG-FMP', observedAt: '2026-12-07T10:00:00+01:00' })),
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'no_flow', from: '2026-12-07T00:00:00+01:00', to: '2026-12-07T23:00:00+01:00' }),
      ),
    ])
  })

  afterAll(() => server.close())

  it('are read, and the day is marked', async () => {
    const statuses = await server.db.connection().execute(async (connection) => {
      const version = await sql<{ v: number }>`select current_setting('server_version_num')::int as v`.execute(
        connection,
      )
      // PostgreSQL 16 renamed the setting
      const force = (version.rows[0]?.v ?? 0) >= 160000 ? 'debug_parallel_query' : 'force_parallel_mode'
      await sql`select set_config(${force}, 'on', false)`.execute(connection)
      for (const cost of ['parallel_setup_cost', 'parallel_tuple_cost', 'min_parallel_table_scan_size']) {
        await sql`select set_config(${cost}, '0', false)`.execute(connection)
      }
      try {
        return await flowDayStatusesOf(connection, ['SEG-FMP'], { from: '2026-12-07', to: '2026-12-07' })
      } finally {
        await sql`discard all`.execute(connection)
      }
    })
    expect(statuses).toMatchObject([{ day: '2026-12-07', siteCode: 'SEG-FMP' }])
  })
})
