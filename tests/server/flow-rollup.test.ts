/**
 * The daily flow roll-up (migration 0014, stats/flow-rollup.ts) stays equal to the
 * figures recomputed from the records themselves (stats/flows.ts, which sums the stored
 * tallies through the shared FlowFigures): after the migration fills it from records
 * stored before it, and after random batches of creates, edits (of the day, site,
 * direction, transport and counts), stale edits from another phone (merged by the
 * server, or held as conflicts that a supervisor then resolves), deletes and
 * re-creations, each run as a phone would, over HTTP. The person-level facts
 * (stats/stats-facts.ts) likewise stay those of the records.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrateToLatest, migrateUpTo } from '@/server/db/migrate'
import type { Db } from '@/server/db/open'
import { flowFiguresOf } from '@/server/stats/flows'
import {
  flowDayRowsOf,
  flowNationalityRowsOf,
  flowTransportRowsOf,
  flowVulnerabilityRowsOf,
} from '@/server/stats/flow-rollup'
import { factOf } from '@/server/stats/stats-facts'
import { parseData } from '@/server/store/records'
import { TRANSPORT_MODES } from '@/shared/schemas/codes'
import type { Conflict } from '@/shared/schemas/conflicts'
import type { FlowCount } from '@/shared/schemas/flow-count'
import { flowDayStatsSchema } from '@/shared/schemas/stats'
import type { Mutation } from '@/shared/schemas/sync'
import { flowCount, namedRegistration } from '../helpers/records'
import { assistance, referral } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pushOk, remove, upsert } from './helpers/sync-client'
import { call, loginAdmin, type Session, type TestServer, startTestServer } from './helpers/test-server'

const SITES = ['SEG-FMP', 'ARL-FMP', 'MAD-FMP']
const RANGE = { from: '2026-11-19', to: '2026-11-26' }
const RUNS = Number(process.env.RELAIS_ROLLUP_RUNS ?? 12)

/** The figures of a tally: random, valid, on 20–24 Nov 2026 (late evenings count on the next local day). */
const figuresArb = fc
  .record({
    siteCode: fc.constantFrom(...SITES),
    minute: fc.integer({ min: 0, max: 5 * 1440 - 1 }),
    direction: fc.constantFrom('incoming' as const, 'outgoing' as const),
    transport: fc.constantFrom(...TRANSPORT_MODES),
    men: fc.nat(20),
    women: fc.nat(10),
    boys: fc.nat(5),
    girls: fc.integer({ min: 1, max: 5 }),
    first: fc.constantFrom('NGA', 'MLI', 'GIN'),
    share: fc.nat(100),
  })
  .map((f) => {
    const total = f.men + f.women + f.boys + f.girls
    const known = Math.floor((total * f.share) / 100)
    return {
      siteCode: f.siteCode,
      observedAt: new Date(Date.parse('2026-11-20T00:00:00Z') + f.minute * 60_000).toISOString(),
      direction: f.direction,
      transport: f.transport,
      men: f.men,
      women: f.women,
      boys: f.boys,
      girls: f.girls,
      total,
      unaccompaniedChildren: Math.min(1, f.boys),
      childrenUnder5: Math.min(1, f.girls),
      elderly: Math.min(1, f.men + f.women),
      pregnantWomen: Math.min(1, f.women),
      withDisability: f.share % 3,
      nationalities: [
        ...(known > 0 ? [{ country: f.first, count: known }] : []),
        ...(total - known > 0 ? [{ country: 'OOO', count: total - known }] : []),
      ],
    } satisfies Partial<FlowCount>
  })

/** Which of a tally's figures an edit changes. */
const FIELD_GROUPS = [
  ['observedAt'],
  ['siteCode'],
  ['direction'],
  ['transport'],
  ['men', 'women', 'boys', 'girls', 'total', 'nationalities'],
  ['unaccompaniedChildren', 'childrenUnder5', 'elderly', 'pregnantWomen', 'withDisability'],
] as const

const actionArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), figures: figuresArb }) },
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constantFrom('edit' as const, 'stale' as const),
      pick: fc.nat(),
      figures: figuresArb,
      groups: fc.subarray([0, 1, 2, 3, 4, 5], { minLength: 1, maxLength: 2 }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('resolve' as const), pick: fc.nat() }) },
)
type Action = typeof actionArb extends fc.Arbitrary<infer A> ? A : never

/** Tallies stored before migration 0014: the live ones, one deleted, one not a tally at all. */
const before = fc.sample(figuresArb, { numRuns: 30, seed: 14 }).map((f) => flowCount(f))

async function fillBefore(db: Db): Promise<void> {
  await migrateUpTo(db, '0013-device-queue')
  const at = new Date().toISOString()
  const rows = before.map((data, i) => ({
    id: data.id,
    entity: 'flowCount' as const,
    site_code: data.siteCode,
    rev: 1,
    // the last one deleted; the one before it stored without its counts (never counted)
    deleted: i === before.length - 1 ? 1 : 0,
    data: i === before.length - 1 ? null : JSON.stringify(i === before.length - 2 ? { ...data, men: -1 } : data),
    seq: i + 1,
    device_id: 'old-phone',
    user_id: 'old-user',
    updated_at: at,
  }))
  await db.insertInto('records').values(rows).execute()
  await migrateToLatest(db)
}

/** The roll-up's rows and the ones recomputed from the records, side by side. */
async function bothWays(db: Db) {
  const figures = await flowFiguresOf(db, SITES, RANGE)
  return {
    rollup: {
      days: await flowDayRowsOf(db, SITES, RANGE),
      nationality: await flowNationalityRowsOf(db, SITES, RANGE),
      transport: await flowTransportRowsOf(db, SITES, RANGE),
      vulnerability: await flowVulnerabilityRowsOf(db, SITES, RANGE),
    },
    records: {
      days: figures.dayRows(),
      nationality: figures.nationalityRows(),
      transport: figures.transportRows(),
      vulnerability: figures.vulnerabilityRows(),
    },
  }
}

describe.each(TEST_DATABASES)('flow roll-up (%s)', (database) => {
  let server: TestServer
  let phone: Session
  let otherPhone: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database, migrate: fillBefore })
    phone = await loginAdmin(server)
    otherPhone = await loginAdmin(server, '01890000-0000-7000-8000-0000000000b2')
  }, 60_000)
  afterAll(() => server.close())

  it('is filled by the migration from the tallies stored before it', async () => {
    const { rollup, records } = await bothWays(server.db)
    expect(rollup).toEqual(records)
    // every live, valid tally counted once
    expect(rollup.days.reduce((sum, row) => sum + row.tallies, 0)).toBe(before.length - 2)
    expect(rollup.days.reduce((sum, row) => sum + row.total, 0)).toBe(
      before.slice(0, -2).reduce((sum, t) => sum + t.total, 0),
    )
  })

  /** The stored flow counts: id → latest rev and data (null: deleted). */
  async function stored(): Promise<{ id: string; rev: number; data: FlowCount | null }[]> {
    const rows = await server.db
      .selectFrom('records')
      .select(['id', 'rev', 'data'])
      .where('entity', '=', 'flowCount')
      .orderBy('seq')
      .execute()
    return rows.map((row) => ({ id: row.id, rev: row.rev, data: parseData(row.data) as FlowCount | null }))
  }

  /** The mutations of one batch, made from the records as stored now. */
  async function mutationsOf(actions: Action[]): Promise<{ mine: Mutation[]; theirs: Mutation[]; resolve: number[] }> {
    const records = await stored()
    const mine: Mutation[] = []
    const theirs: Mutation[] = []
    const resolve: number[] = []
    for (const action of actions) {
      if (action.kind === 'create') {
        mine.push(upsert('flowCount', flowCount(action.figures)))
        continue
      }
      if (action.kind === 'resolve') {
        resolve.push(action.pick)
        continue
      }
      const record = records[action.pick % Math.max(records.length, 1)]
      if (!record) continue
      if (action.kind === 'delete') {
        mine.push(remove('flowCount', record.id, record.rev))
        continue
      }
      // an edit of a deleted tally brings it back, whole
      const fields = record.data === null ? Object.keys(action.figures) : action.groups.flatMap((g) => FIELD_GROUPS[g]!)
      const base = record.data ?? flowCount({ ...action.figures, id: record.id })
      const changed = Object.fromEntries(
        fields.map((field) => [field, action.figures[field as keyof typeof action.figures]]),
      )
      const data = { ...base, ...changed, updatedAt: new Date().toISOString() }
      if (action.kind === 'edit') mine.push(upsert('flowCount', data, record.rev, { changedFields: fields }))
      // another phone's edit of an older rev: merged field by field, or held as a conflict
      else if (record.rev > 1) theirs.push(upsert('flowCount', data, record.rev - 1, { changedFields: fields }))
    }
    return { mine, theirs, resolve }
  }

  async function resolveSome(picks: number[]): Promise<void> {
    if (picks.length === 0) return
    const open = (await call<Conflict[]>(server, '/api/v1/conflicts', { token: phone.token })).body
    for (const pick of picks) {
      const conflict = open[pick % Math.max(open.length, 1)]
      if (!conflict || conflict.status !== 'open') continue
      const choice = pick % 2 === 0 ? 'incoming' : 'server'
      const answer = await call(server, `/api/v1/conflicts/${conflict.id}/resolve`, {
        token: phone.token,
        body: { choice },
      })
      expect([200, 409]).toContain(answer.status)
    }
  }

  it('equals the figures recomputed from the records after random pushes, edits, merges, conflicts and deletes', async () => {
    const seen = new Set<string>()
    // first, for sure: another phone's stale edit merged, then one held as a conflict and resolved
    const tally = flowCount({ siteCode: 'SEG-FMP', observedAt: '2026-11-21T10:00:00.000Z', direction: 'incoming' })
    await pushOk(server, phone, [upsert('flowCount', tally)])
    await pushOk(server, phone, [
      upsert('flowCount', { ...tally, direction: 'outgoing' }, 1, { changedFields: ['direction'] }),
    ])
    for (const change of [{ transport: 'bus' as const }, { direction: 'incoming' as const }]) {
      const stale = upsert('flowCount', { ...tally, ...change }, 1, { changedFields: Object.keys(change) })
      for (const result of (await pushOk(server, otherPhone, [stale])).results) seen.add(result.status)
    }
    await resolveSome([0])
    const settled = await bothWays(server.db)
    expect(settled.rollup).toEqual(settled.records)
    expect(seen).toEqual(new Set(['merged', 'conflict']))
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(actionArb, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }),
        async (batches) => {
          for (const actions of batches) {
            const { mine, theirs, resolve } = await mutationsOf(actions)
            for (const [session, mutations] of [
              [phone, mine],
              [otherPhone, theirs],
            ] as const) {
              if (mutations.length === 0) continue
              const { results } = await pushOk(server, session, mutations)
              for (const result of results) seen.add(result.status)
            }
            await resolveSome(resolve)
            const { rollup, records } = await bothWays(server.db)
            expect(rollup).toEqual(records)
          }
        },
      ),
      { numRuns: RUNS, seed: 20261204 },
    )
    // the runs went through the paths that matter
    expect([...seen]).toEqual(expect.arrayContaining(['applied', 'merged', 'conflict']))
    const { rollup } = await bothWays(server.db)
    expect(rollup.days.length).toBeGreaterThan(5)
    // and the endpoint answers the roll-up
    const answer = await call(server, `/api/v1/stats/flows?from=${RANGE.from}&to=${RANGE.to}`, { token: phone.token })
    expect(flowDayStatsSchema.parse(answer.body).rows).toEqual(rollup.days)
  }, 240_000)

  it('holds no row without a tally', async () => {
    const empty = async (table: 'flow_rollup' | 'flow_rollup_transport') =>
      (await server.db.selectFrom(table).select('day').where('tallies', '<=', 0).execute()).length
    expect(await empty('flow_rollup')).toBe(0)
    expect(await empty('flow_rollup_transport')).toBe(0)
    const nationality = await server.db
      .selectFrom('flow_rollup_nationality')
      .select('day')
      .where('count', '<=', 0)
      .execute()
    expect(nationality).toEqual([])
  })

  it('keeps the person-level facts those of the records through creates, edits and deletes', async () => {
    const people = Array.from({ length: 8 }, (_, i) =>
      namedRegistration({
        nationality: ['MLI', 'NGA', 'GIN'][i % 3]!,
        vulnerabilities: i % 2 === 0 ? ['single_woman'] : [],
        registeredOn: `2026-11-${String(10 + i).padStart(2, '0')}`,
      }),
    )
    const helped = people.map((person, i) => assistance(person.id, { type: i % 2 ? 'food' : 'shelter' }))
    const sent = people.map((person, i) => referral(person.id, { status: i % 2 ? 'pending' : 'completed' }))
    await pushOk(server, phone, [
      ...people.map((r) => upsert('registration', r)),
      ...helped.map((r) => upsert('assistance', r)),
      ...sent.map((r) => upsert('referral', r)),
    ])
    const avrr = {
      category: 'avr' as const,
      voluntarinessSigned: true,
      travelDocumentStatus: 'requested' as const,
      destinationCountry: 'MLI',
      reintegrationCounselling: true,
    }
    const edits = await pushOk(server, phone, [
      upsert('registration', { ...people[0]!, caseStatus: 'avrr_in_progress', avrr }, 1, {
        changedFields: ['caseStatus', 'avrr'],
      }),
      upsert('registration', { ...people[1]!, nationality: 'SEN', registeredOn: '2026-11-01' }, 1, {
        changedFields: ['nationality', 'registeredOn'],
      }),
      upsert('assistance', { ...helped[2]!, type: 'cash' }, 1, { changedFields: ['type'] }),
      upsert('referral', { ...sent[3]!, status: 'declined', statusOn: '2026-11-30' }, 1, {
        changedFields: ['status', 'statusOn'],
      }),
      remove('registration', people[4]!.id, 1),
      remove('assistance', helped[5]!.id, 1),
      remove('referral', sent[6]!.id, 1),
    ])
    expect(edits.results.map((r) => r.status)).toEqual(Array(7).fill('applied'))
    const records = await server.db
      .selectFrom('records')
      .selectAll()
      .where('entity', 'in', ['registration', 'assistance', 'referral'])
      .execute()
    const expected = records
      .flatMap((row) => {
        const fact = factOf({
          id: row.id,
          entity: row.entity,
          siteCode: row.site_code,
          deleted: row.deleted === 1,
          data: parseData(row.data),
        })
        return fact === undefined ? [] : [fact]
      })
      .sort((a, b) => (a.id < b.id ? -1 : 1))
    const facts = await server.db.selectFrom('stats_facts').selectAll().orderBy('id').execute()
    expect(facts).toEqual(expected)
    // three deleted, the others counted: 7 registrations, 7 assistance, 7 referrals
    expect(facts.length).toBe(21)
    expect(facts.find((f) => f.id === people[0]!.id)).toMatchObject({ under_avrr: 1, case_status: 'avrr_in_progress' })
    expect(facts.find((f) => f.id === people[1]!.id)).toMatchObject({ label: 'SEN', day: '2026-11-01' })
  })
})
