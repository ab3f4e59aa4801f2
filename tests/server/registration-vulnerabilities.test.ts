/**
 * Registrations per centre by vulnerability flag (stats endpoint 9 and the
 * vulnerabilities-by-centre export), over real HTTP on SQLite and PostgreSQL: counted
 * once per person and flag, "<5" below five, a merged case once, a deleted one never, an
 * edit's flags in place of the old ones; a supervisor's sites only; bad queries a 400
 * with field errors.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '@/server/seed/csv'
import type { AuditPage } from '@/shared/schemas/audit'
import type { Mutation } from '@/shared/schemas/sync'
import { registrationVulnerabilityStatsSchema } from '@/shared/schemas/stats'
import { anonymousRegistration, namedRegistration } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { pushOk, remove, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

const NOVEMBER = 'from=2026-11-01&to=2026-11-30'

describe.each(TEST_DATABASES)('registrations by vulnerability flag (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session
  const at = { registeredOn: '2026-11-20', consentDate: '2026-11-20' }
  // five unaccompanied children, and a sixth registration of one of them, merged into it
  const children = Array.from({ length: 5 }, () =>
    namedRegistration({ ...at, vulnerabilities: ['unaccompanied_child'] }),
  )
  const again = namedRegistration({ ...at, vulnerabilities: ['unaccompanied_child'] })
  const deleted = namedRegistration({ ...at, vulnerabilities: ['unaccompanied_child'] })
  // six with a medical need, one of whom is edited to a GBV survivor without it
  const medical = Array.from({ length: 6 }, () =>
    namedRegistration({ ...at, vulnerabilities: ['serious_medical_condition'] }),
  )
  const trafficked = anonymousRegistration({ ...at, vulnerabilities: ['potential_trafficking_victim'] })
  const none = anonymousRegistration({ ...at, vulnerabilities: [] })
  const lastYear = namedRegistration({
    registeredOn: '2025-11-20',
    consentDate: '2025-11-20',
    vulnerabilities: ['unaccompanied_child'],
  })
  const dirkou = namedRegistration({ ...at, siteCode: 'DRK-TC', vulnerabilities: ['disability'] })

  async function pushApplied(session: Session, mutations: Mutation[]) {
    const answer = await pushOk(server, session, mutations)
    expect(answer.results.filter((r) => r.status !== 'applied')).toEqual([])
  }

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'SEG-FMP'])
    await pushApplied(
      admin,
      [...children, again, deleted, ...medical, trafficked, none, lastYear, dirkou].map((r) =>
        upsert('registration', r),
      ),
    )
    const edited = { ...medical[0]!, vulnerabilities: ['gbv_survivor' as const], updatedAt: new Date().toISOString() }
    await pushApplied(admin, [upsert('registration', edited, 1), remove('registration', deleted.id, 1)])
    const merge = await call(server, '/api/v1/duplicates/merge', {
      token: supervisor.token,
      body: { keepId: children[0]!.id, mergeId: again.id },
    })
    expect(merge.status).toBe(200)
  })
  afterAll(() => server.close())

  const stats = (session: Session, query: string) =>
    call(server, `/api/v1/stats/registration-vulnerabilities?${query}`, { token: session.token })

  it('counts each flag once per registered person, in the form’s order, with "<5" below five', async () => {
    const answer = await stats(supervisor, NOVEMBER)
    expect(answer.status).toBe(200)
    // the merged case, the deleted one and last year's are not counted; the edit took a medical need off
    expect(registrationVulnerabilityStatsSchema.parse(answer.body).rows).toEqual([
      { siteCode: 'AGZ-TC', vulnerability: 'unaccompanied_child', count: 5 },
      { siteCode: 'AGZ-TC', vulnerability: 'serious_medical_condition', count: 5 },
      { siteCode: 'AGZ-TC', vulnerability: 'potential_trafficking_victim', count: '<5' },
      { siteCode: 'AGZ-TC', vulnerability: 'gbv_survivor', count: '<5' },
    ])
    const lastNovember = await stats(supervisor, 'from=2025-11-01&to=2025-11-30')
    expect(lastNovember.body).toEqual({
      rows: [{ siteCode: 'AGZ-TC', vulnerability: 'unaccompanied_child', count: '<5' }],
    })
  })

  it('counts a merged case again once the merge is undone', async () => {
    const undo = await call(server, '/api/v1/duplicates/undo', { token: supervisor.token, body: { mergeId: again.id } })
    expect(undo.status).toBe(200)
    const rows = registrationVulnerabilityStatsSchema.parse((await stats(supervisor, NOVEMBER)).body).rows
    expect(rows[0]).toEqual({ siteCode: 'AGZ-TC', vulnerability: 'unaccompanied_child', count: 6 })
  })

  it('shows a supervisor only their sites; the admin every site', async () => {
    expect((await stats(supervisor, `${NOVEMBER}&sites=DRK-TC`)).body).toEqual({ rows: [] })
    expect((await stats(admin, `${NOVEMBER}&sites=DRK-TC`)).body).toEqual({
      rows: [{ siteCode: 'DRK-TC', vulnerability: 'disability', count: '<5' }],
    })
    const all = registrationVulnerabilityStatsSchema.parse((await stats(admin, NOVEMBER)).body).rows
    expect(new Set(all.map((r) => r.siteCode))).toEqual(new Set(['AGZ-TC', 'DRK-TC']))
  })

  it('refuses registrars (403, even with a bad query), and answers 400 with field errors to bad queries', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    for (const query of [NOVEMBER, 'from=nope']) expect((await stats(registrar, query)).status).toBe(403)
    const issues = async (query: string) => {
      const answer = await stats(supervisor, query)
      expect(answer.status).toBe(400)
      return (answer.body as { issues: { path: (string | number)[]; code: string }[] }).issues.map(
        (issue) => `${issue.path.join('.')}:${issue.code}`,
      )
    }
    expect(await issues('from=2026-02-30&to=2026-03-01')).toEqual(['from:invalid_format'])
    expect(await issues('to=2026-03-01')).toEqual(['from:invalid_type'])
    expect(await issues('from=2026-11-30&to=2026-11-01')).toEqual(['to:date_order'])
    expect(await issues('from=2025-01-01&to=2026-01-02')).toEqual(['to:range_too_long'])
    expect(await issues(`${NOVEMBER}&sites=AGZ-TC,agz;drop`)).toEqual(['sites.1:invalid_format'])
  })

  const download = async (file: string, session: Session, query: string) => {
    const res = await fetch(`${server.url}/api/v1/export/aggregate/${file}?${query}`, {
      headers: { authorization: `Bearer ${session.token}` },
    })
    return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()) }
  }

  it('exports the counts by centre and flag as CSV and XLSX, under HXL tags, "<5" kept, sites named in the user’s language', async () => {
    const csv = await download('vulnerabilities-by-centre.csv', supervisor, `${NOVEMBER}&lang=fr`)
    expect(csv.status).toBe(200)
    const text = csv.bytes.toString('utf8')
    expect(text.startsWith('\ufeff')).toBe(true)
    const [header, hxl, ...data] = parseCsv(text.slice(1))
    expect(header).toEqual(['from', 'to', 'siteCode', 'siteName', 'adm1', 'vulnerability', 'count'])
    expect(hxl).toEqual([
      '#date+start',
      '#date+end',
      '#loc+code',
      '#loc+name',
      '#adm1+name',
      '#indicator+vulnerability',
      '#affected+migrants+registered',
    ])
    const row = (vulnerability: string, count: string) => [
      '2026-11-01',
      '2026-11-30',
      'AGZ-TC',
      "Centre de transit d'Agadez",
      'Agadez',
      vulnerability,
      count,
    ]
    expect(data).toEqual([
      row('unaccompanied_child', '6'),
      row('serious_medical_condition', '5'),
      row('potential_trafficking_victim', '<5'),
      row('gbv_survivor', '<5'),
    ])
    const xlsx = await download('vulnerabilities-by-centre.xlsx', supervisor, NOVEMBER)
    expect(xlsx.status).toBe(200)
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer)
    const sheet = workbook.worksheets[0]!
    expect(sheet.name).toBe('vulnerabilities-by-centre')
    const rows: unknown[][] = []
    sheet.eachRow((r) => rows.push((r.values as unknown[]).slice(1)))
    expect(rows.slice(1, 3)).toEqual([
      hxl,
      ['2026-11-01', '2026-11-30', 'AGZ-TC', 'Agadez transit centre', 'Agadez', 'unaccompanied_child', 6],
    ])
    expect(rows.at(-1)).toEqual([
      '2026-11-01',
      '2026-11-30',
      'AGZ-TC',
      'Agadez transit centre',
      'Agadez',
      'gbv_survivor',
      '<5',
    ])

    const log = await call<AuditPage>(server, '/api/v1/audit?limit=20', { token: admin.token })
    const entry = log.body.entries.find(
      (e) => e.action === 'export' && e.target === 'aggregate/vulnerabilities-by-centre',
    )
    expect(entry).toMatchObject({
      actorUserId: supervisor.user.id,
      details: { from: '2026-11-01', to: '2026-11-30', rows: 4 },
    })
    expect((await download('vulnerabilities-by-centre.csv', supervisor, 'from=2026-11-30&to=2026-11-01')).status).toBe(
      400,
    )
  })
})
