/**
 * The flow roll-up's sums (stats/flow-rollup.ts) hold whatever the tallies the schema
 * takes add up to. A tally counts up to 100,000 people in each of four groups; some
 * 5,400 of them on one day at one point pass 2^31 - 1 people, which PostgreSQL's
 * `integer` columns could not hold: the push that crossed it failed whole (400, "A
 * value in the request cannot be stored"), and so did every later batch holding a tally
 * of that day and point, the monitors' other records with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { flowDayStatsSchema } from '@/shared/schemas/stats'
import { flowCount } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

const BATCHES = 11
const PER_BATCH = 500
const PEOPLE = 400_000

/** A tally of the most people the schema takes: 100,000 in each group, four nationalities. */
const fullTally = (observedAt = '2026-11-29T09:30:00.000+01:00') =>
  flowCount({
    observedAt,
    men: 100_000,
    women: 100_000,
    boys: 100_000,
    girls: 100_000,
    unaccompaniedChildren: 0,
    childrenUnder5: 0,
    elderly: 0,
    pregnantWomen: 0,
    withDisability: 0,
    total: PEOPLE,
    nationalities: ['NGA', 'MLI', 'NER', 'TCD'].map((country) => ({ country, count: 100_000 })),
  })

describe.each(TEST_DATABASES)('flow roll-up past 2^31 people (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let monitor: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    monitor = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
  })
  afterAll(() => server.close())

  it('applies every tally of a day past 2^31 people, and counts them all', async () => {
    for (let b = 0; b < BATCHES; b++) {
      const answer = await pushOk(
        server,
        monitor,
        Array.from({ length: PER_BATCH }, () => upsert('flowCount', fullTally())),
      )
      expect(answer.results.every((result) => result.status === 'applied')).toBe(true)
    }
    // a batch with a tally of that day beside one of another day still applies whole
    const later = await pushOk(server, monitor, [
      upsert('flowCount', flowCount()),
      upsert('flowCount', flowCount({ observedAt: '2026-11-28T09:30:00.000+01:00' })),
    ])
    expect(later.results.map((result) => result.status)).toEqual(['applied', 'applied'])

    const answer = await call(server, '/api/v1/stats/flows?from=2026-11-29&to=2026-11-29&sites=SEG-FMP', {
      token: admin.token,
    })
    expect(answer.status).toBe(200)
    const rows = flowDayStatsSchema.parse(answer.body).rows
    const tallies = BATCHES * PER_BATCH + 1
    expect(rows).toMatchObject([
      {
        day: '2026-11-29',
        siteCode: 'SEG-FMP',
        direction: 'outgoing',
        tallies,
        total: BATCHES * PER_BATCH * PEOPLE + 18,
      },
    ])
    expect(rows[0]?.total).toBeGreaterThan(2 ** 31)
  }, 120_000)
})
