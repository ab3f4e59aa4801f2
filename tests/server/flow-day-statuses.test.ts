/**
 * Issue 10 over real HTTP: a day an FMP was recorded closed or without flow reads as
 * such in the daily flow figures (GET /stats/flows, `dayStatuses`) and in the
 * flows-daily export (a `status` column, and a row of zeros for a marked day without
 * tallies), so that a partner can tell it from a day without data. Days are Niger days.
 * The export's status and the API's `allDay` say whether the post was closed (or saw
 * no flow) all day or for part of it, by one rule: a post closed 03:00–06:00 that
 * counted people the rest of the day is not a closed day.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '@/server/seed/csv'
import { flowDayStatsSchema } from '@/shared/schemas/stats'
import { flowCount, fmpStatus } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { pushOk, remove, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('days recorded closed or without flow (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['SEG-FMP'])
    const deleted = fmpStatus({ kind: 'closed', from: '2026-12-05T08:00:00+01:00', to: '2026-12-05T12:00:00+01:00' })
    await pushOk(server, admin, [
      upsert(
        'flowCount',
        flowCount({ siteCode: 'SEG-FMP', observedAt: '2026-12-01T10:00:00+01:00', direction: 'incoming' }),
      ),
      // part of a counted day
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'no_flow', from: '2026-12-01T14:00:00+01:00', to: '2026-12-01T18:00:00+01:00' }),
      ),
      // two whole days: the end is excluded, so the 4th is not marked
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'closed', from: '2026-12-02T00:00:00+01:00', to: '2026-12-04T00:00:00+01:00' }),
      ),
      // the 3rd is also without flow for a while: closed wins
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'no_flow', from: '2026-12-03T06:00:00+01:00', to: '2026-12-03T12:00:00+01:00' }),
      ),
      // 23:30Z on the 5th is 00:30 on the 6th in Niamey: only the 6th
      upsert('fmpStatus', fmpStatus({ kind: 'no_flow', from: '2026-12-05T23:30:00Z', to: '2026-12-06T01:00:00Z' })),
      upsert('fmpStatus', deleted),
      // a site the supervisor does not cover
      upsert(
        'fmpStatus',
        fmpStatus({
          siteCode: 'ARL-FMP',
          kind: 'closed',
          from: '2026-12-02T07:00:00+01:00',
          to: '2026-12-02T19:00:00+01:00',
        }),
      ),
    ])
    await pushOk(server, admin, [remove('fmpStatus', deleted.id, 1)])
    // the tester's day: closed 03:00–06:00, people counted both ways the rest of 8 November
    await pushOk(server, admin, [
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'closed', from: '2026-11-08T03:00:00+01:00', to: '2026-11-08T06:00:00+01:00' }),
      ),
      upsert('flowCount', flowCount({ observedAt: '2026-11-08T09:00:00+01:00', direction: 'incoming' })),
      upsert('flowCount', flowCount({ observedAt: '2026-11-08T16:00:00+01:00', direction: 'outgoing' })),
      // the 9th closed all day in two records that overlap (the second written in UTC)
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'closed', from: '2026-11-09T00:00:00+01:00', to: '2026-11-09T13:00:00+01:00' }),
      ),
      upsert('fmpStatus', fmpStatus({ kind: 'closed', from: '2026-11-09T11:00:00Z', to: '2026-11-09T23:00:00Z' })),
      // the 10th: no flow all day but an hour closed, which wins, for that hour only
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'no_flow', from: '2026-11-10T00:00:00+01:00', to: '2026-11-11T00:00:00+01:00' }),
      ),
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'closed', from: '2026-11-10T12:00:00+01:00', to: '2026-11-10T13:00:00+01:00' }),
      ),
      // closed over two nights: part of the 12th, all the 13th, part of the 14th
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'closed', from: '2026-11-12T20:00:00+01:00', to: '2026-11-14T06:00:00+01:00' }),
      ),
      // two hours apart on the 15th: not all day
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'closed', from: '2026-11-15T00:00:00+01:00', to: '2026-11-15T11:00:00+01:00' }),
      ),
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'closed', from: '2026-11-15T13:00:00+01:00', to: '2026-11-16T00:00:00+01:00' }),
      ),
      // the phone's time fields are to the minute: "Closed today" saves 00:00–23:59
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'closed', from: '2026-11-17T00:00:00+01:00', to: '2026-11-17T23:59:00+01:00' }),
      ),
      // back to back as typed: until 11:59, then from 12:00
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'no_flow', from: '2026-11-18T00:00:00+01:00', to: '2026-11-18T11:59:00+01:00' }),
      ),
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'no_flow', from: '2026-11-18T12:00:00+01:00', to: '2026-11-19T00:00:00+01:00' }),
      ),
      // two minutes short: part of the day
      upsert(
        'fmpStatus',
        fmpStatus({ kind: 'closed', from: '2026-11-19T00:00:00+01:00', to: '2026-11-19T23:58:00+01:00' }),
      ),
    ])
  })
  afterAll(() => server.close())

  const flows = async (session: Session, query: string) => {
    const answer = await call(server, `/api/v1/stats/flows?${query}`, { token: session.token })
    expect(answer.status).toBe(200)
    return flowDayStatsSchema.parse(answer.body)
  }
  const download = async (file: string, session: Session, query: string) => {
    const res = await fetch(`${server.url}/api/v1/export/aggregate/${file}?${query}`, {
      headers: { authorization: `Bearer ${session.token}` },
    })
    expect(res.status).toBe(200)
    return Buffer.from(await res.arrayBuffer())
  }

  it('says beside the daily figures which days each FMP was recorded closed or without flow', async () => {
    const answer = await flows(supervisor, 'from=2026-12-01&to=2026-12-07')
    expect(answer.rows.map((r) => [r.day, r.siteCode, r.direction])).toEqual([['2026-12-01', 'SEG-FMP', 'incoming']])
    expect(answer.dayStatuses).toEqual([
      { day: '2026-12-01', siteCode: 'SEG-FMP', status: 'no_flow', allDay: false },
      { day: '2026-12-02', siteCode: 'SEG-FMP', status: 'closed', allDay: true },
      { day: '2026-12-03', siteCode: 'SEG-FMP', status: 'closed', allDay: true },
      { day: '2026-12-06', siteCode: 'SEG-FMP', status: 'no_flow', allDay: false },
    ])
  })

  it('keeps only the days of the range and the sites the caller covers', async () => {
    expect((await flows(supervisor, 'from=2026-12-03&to=2026-12-05')).dayStatuses).toEqual([
      { day: '2026-12-03', siteCode: 'SEG-FMP', status: 'closed', allDay: true },
    ])
    expect((await flows(supervisor, 'from=2026-12-02&to=2026-12-02&sites=ARL-FMP')).dayStatuses).toEqual([])
    expect((await flows(admin, 'from=2026-12-02&to=2026-12-02')).dayStatuses).toEqual([
      { day: '2026-12-02', siteCode: 'ARL-FMP', status: 'closed', allDay: false },
      { day: '2026-12-02', siteCode: 'SEG-FMP', status: 'closed', allDay: true },
    ])
  })

  it('exports a status column, and a row of zeros for a marked day without tallies, in day order', async () => {
    const text = (await download('flows-daily.csv', supervisor, 'from=2026-12-01&to=2026-12-07')).toString('utf8')
    const [header, hxl, ...data] = parseCsv(text.slice(1))
    expect(header?.at(-1)).toBe('status')
    expect(hxl?.at(-1)).toBe('#indicator+status')
    const pick = (row: string[]) => [row[0], row[1], row[4], row[14], row[15], row[16]]
    expect(data.map(pick)).toEqual([
      ['2026-12-01', 'SEG-FMP', 'incoming', '18', '1', 'no_flow_part_of_day'],
      ['2026-12-02', 'SEG-FMP', '', '0', '0', 'closed'],
      ['2026-12-03', 'SEG-FMP', '', '0', '0', 'closed'],
      ['2026-12-06', 'SEG-FMP', '', '0', '0', 'no_flow_part_of_day'],
    ])
    // every count of a marked day is a zero, not a blank
    expect(data[1]!.slice(5, 16)).toEqual(Array.from({ length: 11 }, () => '0'))
    // a day with neither tallies nor status stays absent: no data
    expect(data.map((row) => row[0])).not.toContain('2026-12-04')
  })

  it('exports the same rows as XLSX, the zeros as numbers, and counts them in the audit', async () => {
    const workbook = new ExcelJS.Workbook()
    const bytes = await download('flows-daily.xlsx', admin, 'from=2026-12-02&to=2026-12-02')
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
    const rows: unknown[][] = []
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
    expect(rows.slice(2).map((row) => [row[0], row[1], row[14], row[15], row[16]])).toEqual([
      // 07:00–19:00 at Arlit: part of the day
      ['2026-12-02', 'ARL-FMP', 0, 0, 'closed_part_of_day'],
      ['2026-12-02', 'SEG-FMP', 0, 0, 'closed'],
    ])
    const log = await call<{ entries: { action: string; target: string; details: unknown }[] }>(
      server,
      '/api/v1/audit?limit=20',
      { token: admin.token },
    )
    const entry = log.body.entries.find((e) => e.action === 'export' && e.target === 'aggregate/flows-daily')
    expect(entry?.details).toMatchObject({ format: 'xlsx', rows: 2 })
  })

  it('tells a day closed all day from a day closed part of it, in CSV and XLSX', async () => {
    const query = 'from=2026-11-08&to=2026-11-15'
    const text = (await download('flows-daily.csv', supervisor, query)).toString('utf8')
    const [header, , ...data] = parseCsv(text.slice(1))
    const at = (name: string) => header!.indexOf(name)
    const pick = (row: unknown[]) => [row[at('day')], row[at('direction')], row[at('total')], row[at('status')]]
    const expected = [
      // counted both ways, closed three hours before dawn: not a closed day
      ['2026-11-08', 'incoming', '18', 'closed_part_of_day'],
      ['2026-11-08', 'outgoing', '18', 'closed_part_of_day'],
      ['2026-11-09', '', '0', 'closed'],
      ['2026-11-10', '', '0', 'closed_part_of_day'],
      ['2026-11-12', '', '0', 'closed_part_of_day'],
      ['2026-11-13', '', '0', 'closed'],
      ['2026-11-14', '', '0', 'closed_part_of_day'],
      ['2026-11-15', '', '0', 'closed_part_of_day'],
    ]
    expect(data.map(pick)).toEqual(expected)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await download('flows-daily.xlsx', supervisor, query)) as unknown as ArrayBuffer)
    const rows: unknown[][] = []
    workbook.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
    expect(rows.slice(2).map((row) => pick(row).map((cell) => (cell === undefined ? '' : String(cell))))).toEqual(
      expected,
    )
  })

  it('says of each day in the API (allDay) what the export says: all day or part of it', async () => {
    const query = 'from=2026-11-08&to=2026-11-19'
    const { dayStatuses } = await flows(supervisor, query)
    expect(dayStatuses?.map(({ day, status, allDay }) => [day, status, allDay])).toEqual([
      // counted both ways, closed three hours before dawn: part of the day
      ['2026-11-08', 'closed', false],
      ['2026-11-09', 'closed', true],
      ['2026-11-10', 'closed', false],
      ['2026-11-12', 'closed', false],
      ['2026-11-13', 'closed', true],
      ['2026-11-14', 'closed', false],
      ['2026-11-15', 'closed', false],
      // to the minute, as phones write times: until 23:59 is the whole day, so is a
      // minute's gap between back-to-back periods; two minutes short is not
      ['2026-11-17', 'closed', true],
      ['2026-11-18', 'no_flow', true],
      ['2026-11-19', 'closed', false],
    ])
    const text = (await download('flows-daily.csv', supervisor, query)).toString('utf8')
    const [header, , ...data] = parseCsv(text.slice(1))
    const exported = new Map(data.map((row) => [row[header!.indexOf('day')], row[header!.indexOf('status')]]))
    for (const { day, status, allDay } of dayStatuses ?? []) {
      expect(exported.get(day)).toBe(allDay ? status : `${status}_part_of_day`)
    }
  })
})
