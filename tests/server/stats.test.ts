import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FlowCount } from '@/shared/schemas/flow-count'
import type { Mutation } from '@/shared/schemas/sync'
import {
  assistanceStatsSchema,
  avrrStatsSchema,
  flowDayStatsSchema,
  flowNationalityStatsSchema,
  flowTransportStatsSchema,
  flowVulnerabilityStatsSchema,
  openReferralStatsSchema,
  registrationStatsSchema,
  type FlowDayRow,
} from '@/shared/schemas/stats'
import { TRANSPORT_MODES } from '@/shared/schemas/codes'
import { readRecords } from '@/server/stats/read-records'
import { flowCount, namedRegistration, anonymousRegistration } from '../helpers/records'
import { assistance, referral } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { pushOk, remove, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

/** The local day in Niamey, by the platform's time-zone data: independent of site-time.ts. */
const niameyDay = (at: string) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Africa/Niamey',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(at))

/** Random valid tallies over 2026-11-20…11-30 at three FMPs, made once for the whole suite. */
function randomTallies(count: number): FlowCount[] {
  const arb = fc.record({
    site: fc.constantFrom('SEG-FMP', 'ARL-FMP', 'MAD-FMP'),
    at: fc.integer({ min: Date.parse('2026-11-20T00:00:00Z'), max: Date.parse('2026-11-30T22:00:00Z') }),
    direction: fc.constantFrom('incoming' as const, 'outgoing' as const),
    transport: fc.constantFrom(...TRANSPORT_MODES),
    men: fc.nat(30),
    women: fc.nat(30),
    boys: fc.nat(10),
    girls: fc.integer({ min: 1, max: 10 }),
    known: fc.nat(100),
  })
  return fc.sample(arb, { numRuns: count, seed: 20261204 }).map((t) => {
    const total = t.men + t.women + t.boys + t.girls
    const nga = Math.floor((total * t.known) / 100)
    return flowCount({
      siteCode: t.site,
      observedAt: new Date(t.at).toISOString(),
      direction: t.direction,
      transport: t.transport,
      men: t.men,
      women: t.women,
      boys: t.boys,
      girls: t.girls,
      total,
      unaccompaniedChildren: Math.min(1, t.boys),
      childrenUnder5: Math.min(2, t.girls),
      elderly: Math.min(1, t.men),
      pregnantWomen: Math.min(1, t.women),
      withDisability: 1,
      nationalities: [
        ...(nga > 0 ? [{ country: 'NGA', count: nga }] : []),
        ...(total - nga > 0 ? [{ country: 'OOO', count: total - nga }] : []),
      ],
    })
  })
}

/** Endpoint 1's rows, summed here the plain way from the tallies the test pushed. */
function expectedDayRows(tallies: FlowCount[], sites: string[], from: string, to: string): FlowDayRow[] {
  const rows = new Map<string, FlowDayRow>()
  for (const t of tallies) {
    const day = niameyDay(t.observedAt)
    if (!sites.includes(t.siteCode) || day < from || day > to) continue
    const key = [day, t.siteCode, t.direction].join(' ')
    const row = rows.get(key) ?? {
      day,
      siteCode: t.siteCode,
      direction: t.direction,
      men: 0,
      women: 0,
      boys: 0,
      girls: 0,
      total: 0,
      tallies: 0,
      unaccompaniedChildren: 0,
      childrenUnder5: 0,
      elderly: 0,
      pregnantWomen: 0,
      withDisability: 0,
    }
    row.men += t.men
    row.women += t.women
    row.boys += t.boys
    row.girls += t.girls
    row.total += t.total
    row.tallies += 1
    row.unaccompaniedChildren += t.unaccompaniedChildren
    row.childrenUnder5 += t.childrenUnder5
    row.elderly += t.elderly
    row.pregnantWomen += t.pregnantWomen
    row.withDisability += t.withDisability
    rows.set(key, row)
  }
  return [...rows.keys()].sort().map((key) => rows.get(key)!)
}

async function pushAll(server: TestServer, session: Session, mutations: Mutation[]) {
  for (let i = 0; i < mutations.length; i += 200) {
    const answer = await pushOk(server, session, mutations.slice(i, i + 200))
    const refused = answer.results.filter((r) => r.status !== 'applied')
    if (refused.length > 0) throw new Error(`push refused: ${JSON.stringify(refused.slice(0, 3))}`)
  }
}

describe.each(TEST_DATABASES)('stats (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session
  const tallies = randomTallies(150)
  // a tally at 23:30Z counts on the next local day; one deleted never counts
  const lateEvening = flowCount({ siteCode: 'SEG-FMP', observedAt: '2026-11-29T23:30:00.000Z', direction: 'incoming' })
  const deletedTally = flowCount({ siteCode: 'SEG-FMP', observedAt: '2026-11-25T10:00:00.000Z' })
  // tallies of one same instant: the pages of a read go by (day text, id), ties included
  const sameInstant = Array.from({ length: 9 }, () =>
    flowCount({ siteCode: 'MAD-FMP', observedAt: '2026-11-26T12:00:00.000Z' }),
  )
  const allTallies = [...tallies, lateEvening, ...sameInstant]

  // registrations at AGZ-TC: 6 vulnerable Malians, 2 Nigerians not vulnerable, one deleted, one out of range
  const malians = Array.from({ length: 6 }, () =>
    namedRegistration({ nationality: 'MLI', vulnerabilities: ['single_woman'], registeredOn: '2026-11-20' }),
  )
  const nigerians = Array.from({ length: 2 }, () =>
    anonymousRegistration({ nationality: 'NGA', vulnerabilities: [], registeredOn: '2026-11-21' }),
  )
  const deletedRegistration = namedRegistration({ nationality: 'MLI', registeredOn: '2026-11-20' })
  const lastYear = namedRegistration({ nationality: 'MLI', registeredOn: '2025-11-20', consentDate: '2025-11-20' })
  const elsewhere = namedRegistration({ siteCode: 'DRK-TC', nationality: 'MLI', registeredOn: '2026-11-20' })
  const person = malians[0]!

  // AVRR at NIA-TC1: five in progress, one merely registered with an AVRR block, one not under AVRR
  const avrr = {
    category: 'avr' as const,
    voluntarinessSigned: true,
    travelDocumentStatus: 'requested' as const,
    destinationCountry: 'MLI',
    reintegrationCounselling: true,
  }
  const returning = Array.from({ length: 5 }, () =>
    namedRegistration({ siteCode: 'NIA-TC1', caseStatus: 'avrr_in_progress', avrr, registeredOn: '2026-11-10' }),
  )
  const considering = namedRegistration({ siteCode: 'NIA-TC1', avrr, registeredOn: '2026-11-10' })
  const staying = namedRegistration({ siteCode: 'NIA-TC1', registeredOn: '2026-11-10' })

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'SEG-FMP', 'MAD-FMP'])
    await pushAll(server, admin, [
      ...allTallies.map((t) => upsert('flowCount', t)),
      upsert('flowCount', deletedTally),
      ...[...malians, ...nigerians, deletedRegistration, lastYear, elsewhere].map((r) => upsert('registration', r)),
      ...[...returning, considering, staying].map((r) => upsert('registration', r)),
    ])
    await pushAll(server, admin, [
      ...Array.from({ length: 5 }, () =>
        upsert('assistance', assistance(person.id, { type: 'food', providedOn: '2026-11-22' })),
      ),
      upsert('assistance', assistance(person.id, { type: 'shelter', providedOn: '2026-11-22' })),
      // work older than the person's registration day belongs to a case registered earlier
      upsert('assistance', assistance(lastYear.id, { type: 'cash', providedOn: '2026-10-22' })),
      // open at 11-30: five sent the day before, one waiting 46 days, one answered only after
      ...Array.from({ length: 5 }, () =>
        upsert('referral', referral(person.id, { sentOn: '2026-11-29', statusOn: '2026-11-29' })),
      ),
      upsert('referral', referral(lastYear.id, { sentOn: '2026-10-15', status: 'accepted', statusOn: '2026-10-20' })),
      upsert('referral', referral(lastYear.id, { sentOn: '2026-08-01', status: 'completed', statusOn: '2026-12-02' })),
      // not open at 11-30: answered before, or sent after
      upsert('referral', referral(lastYear.id, { sentOn: '2026-11-01', status: 'completed', statusOn: '2026-11-20' })),
      upsert('referral', referral(person.id, { sentOn: '2026-12-01', statusOn: '2026-12-01' })),
      remove('flowCount', deletedTally.id, 1),
      remove('registration', deletedRegistration.id, 1),
    ])
  })
  afterAll(() => server.close())

  const stats = (path: string, session: Session, query: string) =>
    call(server, `/api/v1/stats/${path}?${query}`, { token: session.token })

  it('sums the daily flows per site and direction, as counted independently, over the covered sites only', async () => {
    const answer = await stats('flows', supervisor, 'from=2026-11-20&to=2026-11-30&by=day')
    expect(answer.status).toBe(200)
    const { rows } = flowDayStatsSchema.parse(answer.body)
    expect(rows).toEqual(expectedDayRows(allTallies, ['SEG-FMP', 'MAD-FMP'], '2026-11-20', '2026-11-30'))
    expect(rows.some((r) => r.siteCode === 'ARL-FMP')).toBe(false)
    // the admin covers every site
    const all = flowDayStatsSchema.parse((await stats('flows', admin, 'from=2026-11-20&to=2026-11-30')).body)
    expect(all.rows).toEqual(expectedDayRows(allTallies, ['SEG-FMP', 'MAD-FMP', 'ARL-FMP'], '2026-11-20', '2026-11-30'))
  })

  it('counts a tally at 23:30Z on the next local day, and never a deleted one', async () => {
    const day = async (d: string) =>
      flowDayStatsSchema
        .parse((await stats('flows', supervisor, `from=${d}&to=${d}&sites=SEG-FMP`)).body)
        .rows.filter((r) => r.direction === 'incoming')
    const on30th = await day('2026-11-30')
    const on29th = await day('2026-11-29')
    const expected = (d: string) =>
      expectedDayRows(allTallies, ['SEG-FMP'], d, d).filter((r) => r.direction === 'incoming')
    expect(on30th).toEqual(expected('2026-11-30'))
    expect(on30th[0]!.tallies).toBeGreaterThanOrEqual(1)
    expect(on29th).toEqual(expected('2026-11-29'))
    // the late tally is in the 30th's row: without it the figures differ
    const withoutLate = expectedDayRows(tallies, ['SEG-FMP'], '2026-11-30', '2026-11-30').filter(
      (r) => r.direction === 'incoming',
    )
    expect(on30th[0]!.tallies).toBe((withoutLate[0]?.tallies ?? 0) + 1)
    const on25th = flowDayStatsSchema.parse(
      (await stats('flows', admin, 'from=2026-11-25&to=2026-11-25&sites=SEG-FMP')).body,
    )
    expect(on25th.rows).toEqual(expectedDayRows(allTallies, ['SEG-FMP'], '2026-11-25', '2026-11-25'))
  })

  it('breaks the flows down by nationality, transport and vulnerability, each adding up to the daily total', async () => {
    const query = 'from=2026-11-20&to=2026-11-30'
    const days = flowDayStatsSchema.parse((await stats('flows', supervisor, query)).body).rows
    const nationality = flowNationalityStatsSchema.parse(
      (await stats('flows/nationality', supervisor, query)).body,
    ).rows
    const transport = flowTransportStatsSchema.parse((await stats('flows/transport', supervisor, query)).body).rows
    const vulnerability = flowVulnerabilityStatsSchema.parse(
      (await stats('flows/vulnerability', supervisor, query)).body,
    ).rows
    const key = (r: { day: string; siteCode: string; direction: string }) => `${r.day} ${r.siteCode} ${r.direction}`
    const sumBy = <R extends { day: string; siteCode: string; direction: string }>(
      rows: R[],
      value: (r: R) => number,
    ) => {
      const sums = new Map<string, number>()
      for (const r of rows) sums.set(key(r), (sums.get(key(r)) ?? 0) + value(r))
      return sums
    }
    const byCountry = sumBy(nationality, (r) => r.count)
    const byTransport = sumBy(transport, (r) => r.total)
    const talliesByTransport = sumBy(transport, (r) => r.tallies)
    expect(days.length).toBeGreaterThan(10)
    for (const row of days) {
      expect(byCountry.get(key(row))).toBe(row.total)
      expect(byTransport.get(key(row))).toBe(row.total)
      expect(talliesByTransport.get(key(row))).toBe(row.tallies)
    }
    expect(vulnerability).toEqual(
      days.map(
        ({
          day,
          siteCode,
          direction,
          unaccompaniedChildren,
          childrenUnder5,
          elderly,
          pregnantWomen,
          withDisability,
        }) => ({
          day,
          siteCode,
          direction,
          unaccompaniedChildren,
          childrenUnder5,
          elderly,
          pregnantWomen,
          withDisability,
        }),
      ),
    )
    // sorted by day, site, direction, then the breakdown key
    const sortKey = (r: { day: string; siteCode: string; direction: string; transport: string }) =>
      `${key(r)} ${r.transport}`
    expect(transport.map(sortKey)).toEqual(transport.map(sortKey).sort())
    const nga = nationality.filter((r) => r.country === 'NGA').reduce((sum, r) => sum + r.count, 0)
    const expectedNga = allTallies
      .filter((t) => ['SEG-FMP', 'MAD-FMP'].includes(t.siteCode))
      .flatMap((t) => t.nationalities)
      .filter((n) => n.country === 'NGA')
      .reduce((sum, n) => sum + n.count, 0)
    expect(nga).toBe(expectedNga)
  })

  it('counts registrations by centre, nationality and vulnerability, with "<5" below five', async () => {
    const answer = await stats('registrations', supervisor, 'from=2026-11-01&to=2026-11-30')
    expect(answer.status).toBe(200)
    expect(registrationStatsSchema.parse(answer.body).rows).toEqual([
      { siteCode: 'AGZ-TC', nationality: 'MLI', vulnerable: true, count: 6 },
      { siteCode: 'AGZ-TC', nationality: 'NGA', vulnerable: false, count: '<5' },
    ])
    // the admin sees Dirkou too; a site the supervisor does not cover is left out of theirs
    const dirkou = await stats('registrations', admin, 'from=2026-11-01&to=2026-11-30&sites=DRK-TC')
    expect(dirkou.body).toEqual({ rows: [{ siteCode: 'DRK-TC', nationality: 'MLI', vulnerable: true, count: '<5' }] })
    const notTheirs = await stats('registrations', supervisor, 'from=2026-11-01&to=2026-11-30&sites=DRK-TC')
    expect(notTheirs.body).toEqual({ rows: [] })
  })

  it('counts assistance by type in the range', async () => {
    const answer = await stats('assistance', supervisor, 'from=2026-11-01&to=2026-11-30')
    expect(assistanceStatsSchema.parse(answer.body).rows).toEqual([
      { siteCode: 'AGZ-TC', type: 'food', count: 5 },
      { siteCode: 'AGZ-TC', type: 'shelter', count: '<5' },
    ])
  })

  it('counts referrals open at the end of the range by days waited', async () => {
    const answer = await stats('referrals/open', supervisor, 'from=2026-11-01&to=2026-11-30')
    expect(openReferralStatsSchema.parse(answer.body).rows).toEqual([
      { siteCode: 'AGZ-TC', waited: '0-7', count: 5 },
      { siteCode: 'AGZ-TC', waited: '31-90', count: '<5' },
      { siteCode: 'AGZ-TC', waited: '91+', count: '<5' },
    ])
    // a month earlier, none of the five was sent yet
    const earlier = await stats('referrals/open', supervisor, 'from=2026-10-01&to=2026-10-31')
    expect(earlier.body).toEqual({
      rows: [
        { siteCode: 'AGZ-TC', waited: '8-30', count: '<5' },
        { siteCode: 'AGZ-TC', waited: '91+', count: '<5' },
      ],
    })
  })

  it('counts the AVRR pipeline by case status', async () => {
    const answer = await stats('avrr', admin, 'from=2026-11-01&to=2026-11-30&sites=NIA-TC1')
    expect(avrrStatsSchema.parse(answer.body).rows).toEqual([
      { siteCode: 'NIA-TC1', status: 'registered', count: '<5' },
      { siteCode: 'NIA-TC1', status: 'avrr_in_progress', count: 5 },
    ])
    // the supervisor does not cover NIA-TC1
    expect((await stats('avrr', supervisor, 'from=2026-11-01&to=2026-11-30&sites=NIA-TC1')).body).toEqual({ rows: [] })
  })

  it('reads every record of a range once, page after page, ties on the same instant included', async () => {
    const sites = ['SEG-FMP', 'MAD-FMP', 'ARL-FMP']
    for (const pageSize of [1, 4, 7]) {
      const ids: string[] = []
      for await (const { data } of readRecords(server.db, {
        entity: 'flowCount',
        sites,
        from: '2026-11-24',
        before: '2026-11-28',
        pageSize,
      })) {
        ids.push(String(data.id))
      }
      const expected = allTallies
        .filter((t) => t.observedAt >= '2026-11-24' && t.observedAt < '2026-11-28')
        .map((t) => t.id)
      expect(ids.length).toBe(expected.length)
      expect(new Set(ids)).toEqual(new Set(expected))
    }
  })

  it('answers empty rows to a supervisor with no site', async () => {
    const lonely = await signedInUser(server, admin, 'supervisor', [])
    for (const path of ['flows', 'flows/nationality', 'registrations', 'assistance', 'referrals/open', 'avrr']) {
      const answer = await stats(path, lonely, 'from=2026-11-01&to=2026-11-30&sites=SEG-FMP,AGZ-TC')
      expect(answer.status).toBe(200)
      expect(answer.body).toEqual(path === 'flows' ? { rows: [], dayStatuses: [] } : { rows: [] })
    }
  })

  it('refuses registrars and monitors (403), even with a bad query', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const monitor = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
    for (const session of [registrar, monitor]) {
      for (const query of ['from=2026-11-01&to=2026-11-30', 'from=nope']) {
        const answer = await stats('flows', session, query)
        expect(answer.status).toBe(403)
        expect(answer.body).toMatchObject({ error: 'forbidden' })
      }
      expect((await stats('registrations', session, 'from=2026-11-01&to=2026-11-30')).status).toBe(403)
    }
    expect((await call(server, '/api/v1/stats/flows?from=2026-11-01&to=2026-11-30')).status).toBe(401)
  })

  it('answers 400 with field errors to bad dates, a reversed or too long range, an unknown `by` and bad sites', async () => {
    const issues = async (path: string, query: string) => {
      const answer = await stats(path, supervisor, query)
      expect(answer.status).toBe(400)
      return (answer.body as { issues: { path: (string | number)[]; code: string }[] }).issues.map(
        (issue) => `${issue.path.join('.')}:${issue.code}`,
      )
    }
    expect(await issues('flows', 'from=2026-02-30&to=2026-03-01')).toEqual(['from:invalid_format'])
    expect(await issues('flows', 'to=2026-03-01')).toEqual(['from:invalid_type'])
    expect(await issues('flows', 'from=2026-11-30&to=2026-11-01')).toEqual(['to:date_order'])
    expect(await issues('registrations', 'from=2025-01-01&to=2026-01-02')).toEqual(['to:range_too_long'])
    expect(await issues('flows', 'from=2026-11-01&to=2026-11-30&by=week')).toEqual(['by:invalid_value'])
    expect(await issues('flows', 'from=2026-11-01&to=2026-11-30&sites=SEG-FMP,seg;drop')).toEqual([
      'sites.1:invalid_format',
    ])
    expect(await issues('assistance', 'from=2026-11-01&to=2026-11-30&sites=')).toEqual(['sites.0:invalid_format'])
    // a whole leap year is fine; a repeated `from` is not a date
    expect((await stats('flows', supervisor, 'from=2024-01-01&to=2024-12-31')).status).toBe(200)
    expect(await issues('flows', 'from=2026-11-01&from=2026-11-02&to=2026-11-30')).toEqual(['from:invalid_type'])
  })
})
