import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '@/server/seed/csv'
import { insertSite } from '@/server/store/sites'
import type { AuditPage } from '@/shared/schemas/audit'
import { flowDayStatsSchema } from '@/shared/schemas/stats'
import { flowCount, namedRegistration } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { pushOk, remove, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

const FLOW_HEADER = [
  'day',
  'siteCode',
  'siteName',
  'adm1',
  'direction',
  'men',
  'women',
  'boys',
  'girls',
  'unaccompaniedChildren',
  'childrenUnder5',
  'elderly',
  'pregnantWomen',
  'withDisability',
  'total',
  'tallies',
  'status',
]

describe.each(TEST_DATABASES)('aggregate exports (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session
  const seg = [
    flowCount({ siteCode: 'SEG-FMP', observedAt: '2026-11-28T09:00:00+01:00', direction: 'outgoing' }),
    flowCount({ siteCode: 'SEG-FMP', observedAt: '2026-11-28T23:30:00Z', direction: 'outgoing' }), // the 29th in Niamey
    flowCount({
      siteCode: 'SEG-FMP',
      observedAt: '2026-11-29T10:00:00+01:00',
      direction: 'incoming',
      men: 1,
      women: 0,
      boys: 0,
      girls: 0,
      total: 1,
      unaccompaniedChildren: 0,
      pregnantWomen: 0,
      nationalities: [{ country: 'TCD', count: 1 }],
    }),
  ]
  const deleted = flowCount({ siteCode: 'SEG-FMP', observedAt: '2026-11-29T10:00:00+01:00' })
  const arlit = flowCount({ siteCode: 'ARL-FMP', observedAt: '2026-11-29T10:00:00+01:00' })
  const hostile = flowCount({ siteCode: 'EVIL-FMP', observedAt: '2026-11-29T10:00:00+01:00' })
  const registrations = [
    ...Array.from({ length: 6 }, () => namedRegistration({ nationality: 'MLI', vulnerabilities: ['elderly'] })),
    namedRegistration({ nationality: 'NGA', vulnerabilities: [] }),
  ]

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    await insertSite(server.db, {
      code: 'EVIL-FMP',
      name: '=HYPERLINK("http://evil.example")',
      kind: 'fmp',
      adm1: '@SUM(1)',
      lat: null,
      lon: null,
      active: true,
    })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['SEG-FMP', 'AGZ-TC'])
    await pushOk(server, admin, [
      ...[...seg, deleted, arlit, hostile].map((t) => upsert('flowCount', t)),
      ...registrations.map((r) => upsert('registration', r)),
    ])
    await pushOk(server, admin, [remove('flowCount', deleted.id, 1)])
  })
  afterAll(() => server.close())

  const download = async (file: string, session: Session, query: string) => {
    const res = await fetch(`${server.url}/api/v1/export/aggregate/${file}?${query}`, {
      headers: { authorization: `Bearer ${session.token}` },
    })
    return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) }
  }
  const csvRows = (bytes: Buffer) => {
    const text = bytes.toString('utf8')
    expect(text.startsWith('\ufeff')).toBe(true)
    return parseCsv(text.slice(1))
  }
  const xlsxRows = async (bytes: Buffer) => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    const rows: unknown[][] = []
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
    return { name: sheet.name, rows, sheet }
  }

  it('exports the daily flows as CSV: endpoint 1’s rows with site name and region, under an HXL row', async () => {
    const query = 'from=2026-11-28&to=2026-11-29'
    const { status, headers, bytes } = await download('flows-daily.csv', supervisor, query)
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(headers.get('content-disposition')).toBe(
      'attachment; filename="relais-flows-daily-2026-11-28-2026-11-29.csv"',
    )
    const [header, hxl, ...data] = csvRows(bytes)
    expect(header).toEqual(FLOW_HEADER)
    expect(hxl).toEqual([
      '#date+occurred',
      '#loc+code',
      '#loc+name',
      '#adm1+name',
      '#indicator+direction',
      '#affected+migrants+m+adults',
      '#affected+migrants+f+adults',
      '#affected+migrants+m+children',
      '#affected+migrants+f+children',
      '#affected+migrants+children+unaccompanied',
      '#affected+migrants+children+u5',
      '#affected+migrants+elderly',
      '#affected+migrants+f+pregnant',
      '#affected+migrants+disabled',
      '#affected+migrants+total',
      '#meta+count+tallies',
      '#indicator+status',
    ])
    const api = flowDayStatsSchema.parse(
      (await call(server, `/api/v1/stats/flows?${query}`, { token: supervisor.token })).body,
    )
    expect(data).toEqual(
      api.rows.map((r) =>
        FLOW_HEADER.map((h) =>
          h === 'siteName'
            ? 'Séguédine flow monitoring point'
            : h === 'adm1'
              ? 'Agadez'
              : h === 'status'
                ? '' // no FMP status in these days
                : String(r[h as keyof typeof r]),
        ),
      ),
    )
    // the 23:30Z tally is on the 29th; the deleted one and Arlit's (not covered) are absent
    expect(data.map((row) => [row[0], row[1], row[4], row[15]])).toEqual([
      ['2026-11-28', 'SEG-FMP', 'outgoing', '1'],
      ['2026-11-29', 'SEG-FMP', 'incoming', '1'],
      ['2026-11-29', 'SEG-FMP', 'outgoing', '1'],
    ])
    expect(data[0]![14]).toBe('18')
  })

  it('exports the daily flows as an XLSX that opens, with the HXL row and numbers as numbers', async () => {
    const { status, headers, bytes } = await download('flows-daily.xlsx', supervisor, 'from=2026-11-28&to=2026-11-29')
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const { name, rows } = await xlsxRows(bytes)
    expect(name).toBe('flows-daily')
    expect(rows[0]).toEqual(FLOW_HEADER)
    expect(rows[1]![0]).toBe('#date+occurred')
    expect(rows[1]![14]).toBe('#affected+migrants+total')
    expect(rows.slice(2).map((row) => [row[0], row[1], row[2], row[4], row[14], row[15]])).toEqual([
      ['2026-11-28', 'SEG-FMP', 'Séguédine flow monitoring point', 'outgoing', 18, 1],
      ['2026-11-29', 'SEG-FMP', 'Séguédine flow monitoring point', 'incoming', 1, 1],
      ['2026-11-29', 'SEG-FMP', 'Séguédine flow monitoring point', 'outgoing', 18, 1],
    ])
  })

  it("names the seed sites in the user's language (lang), the headers the same; a lang that is no language is a 400", async () => {
    const query = 'from=2026-11-01&to=2026-11-30'
    const named = async (file: string, lang: string) => {
      const answer = await download(file, supervisor, `${query}&lang=${lang}`)
      expect(answer.status).toBe(200)
      const [header, , ...data] = csvRows(answer.bytes)
      return { header, names: new Set(data.map((row) => row[header!.indexOf('siteName')])) }
    }
    const french = await named('registrations-by-centre.csv', 'fr')
    expect(french.header).toEqual((await named('registrations-by-centre.csv', 'en')).header)
    expect([...french.names]).toEqual(["Centre de transit d'Agadez"])
    expect([...(await named('flows-daily.csv', 'ar')).names]).toEqual(['نقطة رصد التدفق في سيغيدين'])
    const bad = await download('flows-daily.csv', supervisor, `${query}&lang=FR-fr`)
    expect(bad.status).toBe(400)
    expect(JSON.parse(bad.bytes.toString('utf8'))).toMatchObject({
      issues: [expect.objectContaining({ path: ['lang'] })],
    })
  })

  it('exports registrations by centre with "<5" kept as such, in CSV and XLSX', async () => {
    const query = 'from=2026-11-01&to=2026-11-30'
    const csv = await download('registrations-by-centre.csv', supervisor, query)
    expect(csv.status).toBe(200)
    const [header, hxl, ...data] = csvRows(csv.bytes)
    expect(header).toEqual(['from', 'to', 'siteCode', 'siteName', 'adm1', 'nationality', 'vulnerable', 'count'])
    expect(hxl).toEqual([
      '#date+start',
      '#date+end',
      '#loc+code',
      '#loc+name',
      '#adm1+name',
      '#country+code+nationality',
      '#indicator+vulnerable',
      '#affected+migrants+registered',
    ])
    expect(data).toEqual([
      ['2026-11-01', '2026-11-30', 'AGZ-TC', 'Agadez transit centre', 'Agadez', 'MLI', 'true', '6'],
      ['2026-11-01', '2026-11-30', 'AGZ-TC', 'Agadez transit centre', 'Agadez', 'NGA', 'false', '<5'],
    ])
    const xlsx = await xlsxRows((await download('registrations-by-centre.xlsx', supervisor, query)).bytes)
    expect(xlsx.rows.slice(1)).toEqual([
      hxl,
      ['2026-11-01', '2026-11-30', 'AGZ-TC', 'Agadez transit centre', 'Agadez', 'MLI', true, 6],
      ['2026-11-01', '2026-11-30', 'AGZ-TC', 'Agadez transit centre', 'Agadez', 'NGA', false, '<5'],
    ])
  })

  it('defuses a site name a spreadsheet would run as a formula in the CSV, and keeps it as text in the XLSX', async () => {
    const query = 'from=2026-11-29&to=2026-11-29&sites=EVIL-FMP'
    const [, , row] = csvRows((await download('flows-daily.csv', admin, query)).bytes)
    expect(row!.slice(1, 4)).toEqual(['EVIL-FMP', `'=HYPERLINK("http://evil.example")`, `'@SUM(1)`])
    const { sheet } = await xlsxRows((await download('flows-daily.xlsx', admin, query)).bytes)
    const cell = sheet.getRow(3).getCell(3)
    expect(cell.type).toBe(ExcelJS.ValueType.String)
    expect(cell.value).toBe(`=HYPERLINK("http://evil.example")`) // a string cell never runs: no quote needed
  })

  it('audits each aggregate export with its range, format, sites and row count', async () => {
    await download('flows-daily.csv', supervisor, 'from=2026-11-28&to=2026-11-29&sites=SEG-FMP,ARL-FMP')
    const log = await call<AuditPage>(server, '/api/v1/audit?limit=20', { token: admin.token })
    const entry = log.body.entries.find((e) => e.action === 'export' && e.target === 'aggregate/flows-daily')
    expect(entry).toMatchObject({
      actorUserId: supervisor.user.id,
      details: { format: 'csv', from: '2026-11-28', to: '2026-11-29', sites: ['SEG-FMP'], rows: 3 },
    })
  })

  it('refuses registrars and monitors, bad queries and unknown exports', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const monitor = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
    for (const session of [registrar, monitor]) {
      expect((await download('flows-daily.csv', session, 'from=2026-11-01&to=2026-11-30')).status).toBe(403)
      expect((await download('registrations-by-centre.xlsx', session, 'from=x')).status).toBe(403)
    }
    const bad = await call(server, '/api/v1/export/aggregate/flows-daily.csv?from=2026-11-30&to=2026-11-01', {
      token: supervisor.token,
    })
    expect(bad.status).toBe(400)
    expect(bad.body).toMatchObject({ issues: [{ path: ['to'], code: 'date_order' }] })
    for (const file of ['flows-daily.pdf', 'people.csv', 'flows-daily']) {
      expect((await download(file, supervisor, 'from=2026-11-01&to=2026-11-30')).status).toBe(404)
    }
    // nothing refused was audited
    const log = await call<AuditPage>(server, '/api/v1/audit?limit=100', { token: admin.token })
    expect(log.body.entries.filter((e) => e.action === 'export' && e.actorUserId === registrar.user.id)).toEqual([])
  })
})
