/**
 * Record exports limited to days (`?from=&to=`, Niger days, both included): each
 * entity by its own date (a time by its day in Niger, an FMP status by its period), in
 * CSV and XLSX, read in pages through the date index, audited with the range; hostile
 * days answered 400 with field errors, before anything is audited.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { entityExportTable } from '@/server/export/entity-export'
import { parseCsv } from '@/server/seed/csv'
import type { AuditPage } from '@/shared/schemas/audit'
import type { Entity } from '@/shared/schemas/entities'
import { newId } from '@/shared/ids'
import type { Survey } from '@/shared/schemas/survey'
import { flowCount, fmpStatus, namedRegistration } from '../helpers/records'
import { assistance, caseEvent, referral } from './helpers/case-records'
import { pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

const NOVEMBER = 'from=2026-11-01&to=2026-11-30'

function survey(interviewedOn: string): Survey {
  const at = new Date().toISOString()
  return { id: newId(), createdAt: at, updatedAt: at, siteCode: 'SEG-FMP', interviewedOn, consent: false }
}

describe.each(TEST_DATABASES)('record exports of chosen days (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session
  // registrations by registration date
  const oct31 = namedRegistration({ registeredOn: '2026-10-31', consentDate: '2026-10-31' })
  const nov1 = namedRegistration({ registeredOn: '2026-11-01', consentDate: '2026-11-01' })
  const nov30 = namedRegistration({ registeredOn: '2026-11-30', consentDate: '2026-11-30' })
  const dec1 = namedRegistration({ registeredOn: '2026-12-01', consentDate: '2026-12-01' })
  // assistance by the day given, referrals by the day sent
  const helpIn = assistance(nov1.id, { providedOn: '2026-11-15' })
  const helpOut = assistance(nov1.id, { providedOn: '2026-12-02' })
  const sentIn = referral(nov1.id, { sentOn: '2026-11-30', statusOn: '2026-12-01' })
  const sentOut = referral(oct31.id, { sentOn: '2026-10-31', statusOn: '2026-11-02' })
  // tallies by the day in Niger of their time, whatever its offset
  const tallies = {
    lateOct31: flowCount({ observedAt: '2026-10-31T22:30:00.000Z' }), // 23:30 on 31 Oct in Niger: out
    earlyNov1: flowCount({ observedAt: '2026-10-31T23:30:00.000Z' }), // 00:30 on 1 Nov in Niger: in
    nov1East: flowCount({ observedAt: '2026-11-02T01:00:00.000+05:00' }), // 21:00 on 1 Nov in Niger: in
    nov30: flowCount({ observedAt: '2026-11-30T23:59:00.000+01:00' }), // in
    earlyDec1: flowCount({ observedAt: '2026-11-30T23:30:00.000Z' }), // 00:30 on 1 Dec in Niger: out
  }
  // surveys by the interview day
  const surveyIn = survey('2026-11-20')
  const surveyOut = survey('2026-12-03')
  // FMP statuses kept when their period overlaps the days
  const statuses = {
    endsAtStart: fmpStatus({ from: '2026-10-30T06:00:00.000+01:00', to: '2026-11-01T00:00:00.000+01:00' }), // out
    overlapsStart: fmpStatus({ from: '2026-10-31T18:00:00.000+01:00', to: '2026-11-01T06:00:00.000+01:00' }), // in
    startsAtEnd: fmpStatus({ from: '2026-11-30T23:00:00.000Z', to: '2026-12-01T12:00:00.000+01:00' }), // out
  }
  // case events by when they happened (their day in Niger)
  const eventIn = caseEvent(nov1.id, { at: '2026-11-30T22:59:00.000Z' })
  const eventOut = caseEvent(nov1.id, { at: '2026-11-30T23:00:00.000Z' })

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'SEG-FMP'])
    await pushOk(server, admin, [
      ...[oct31, nov1, nov30, dec1].map((r) => upsert('registration', r)),
      ...[helpIn, helpOut].map((a) => upsert('assistance', a)),
      ...[sentIn, sentOut].map((r) => upsert('referral', r)),
      ...Object.values(tallies).map((t) => upsert('flowCount', t)),
      ...[surveyIn, surveyOut].map((s) => upsert('survey', s)),
      ...Object.values(statuses).map((s) => upsert('fmpStatus', s)),
      ...[eventIn, eventOut].map((e) => upsert('caseEvent', e)),
    ])
  })
  afterAll(() => server.close())

  /** The record ids of a personal CSV export (its first column). */
  const exportedIds = async (entity: Entity, query: string) => {
    const answer = await call(server, `/api/v1/export/${entity}.csv?personal=true&${query}`, {
      token: supervisor.token,
    })
    expect(answer.status).toBe(200)
    const [header, , ...rows] = parseCsv(answer.body as unknown as string)
    expect(header![0]).toBe('id')
    return rows.map((row) => row[0]).sort()
  }
  const ids = (...records: { id: string }[]) => records.map((r) => r.id).sort()

  it.each<[Entity, () => string[], () => string[]]>([
    ['registration', () => ids(nov1, nov30), () => ids(oct31, nov1, nov30, dec1)],
    ['assistance', () => ids(helpIn), () => ids(helpIn, helpOut)],
    ['referral', () => ids(sentIn), () => ids(sentIn, sentOut)],
    ['flowCount', () => ids(tallies.earlyNov1, tallies.nov1East, tallies.nov30), () => ids(...Object.values(tallies))],
    ['survey', () => ids(surveyIn), () => ids(surveyIn, surveyOut)],
    ['fmpStatus', () => ids(statuses.overlapsStart), () => ids(...Object.values(statuses))],
    ['caseEvent', () => ids(eventIn), () => ids(eventIn, eventOut)],
  ])('keeps the %s records of November, and every one without days', async (entity, inNovember, every) => {
    expect(await exportedIds(entity, NOVEMBER)).toEqual(inNovember())
    expect(await exportedIds(entity, '')).toEqual(every())
  })

  it('takes either end alone', async () => {
    expect(await exportedIds('registration', 'from=2026-11-30')).toEqual(ids(nov30, dec1))
    expect(await exportedIds('registration', 'to=2026-11-01')).toEqual(ids(oct31, nov1))
    expect(await exportedIds('flowCount', 'from=2026-12-01')).toEqual(ids(tallies.earlyDec1))
    expect(await exportedIds('flowCount', 'to=2026-10-31')).toEqual(ids(tallies.lateOct31))
    expect(await exportedIds('fmpStatus', 'from=2026-12-01')).toEqual(ids(statuses.startsAtEnd))
    expect(await exportedIds('fmpStatus', 'to=2026-10-31')).toEqual(ids(statuses.endsAtStart, statuses.overlapsStart))
    expect(await exportedIds('registration', 'from=2026-11-15&to=2026-11-15')).toEqual([])
  })

  it('limits the XLSX the same way and names the file by its days', async () => {
    const res = await fetch(`${server.url}/api/v1/export/registration.xlsx?${NOVEMBER}`, {
      headers: { authorization: `Bearer ${supervisor.token}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="relais-registration-from-2026-11-01-to-2026-11-30-\d{4}-\d{2}-\d{2}\.xlsx"$/,
    )
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load((await res.arrayBuffer()) as unknown as ExcelJS.Buffer)
    const sheet = workbook.worksheets[0]!
    const header = (sheet.getRow(1).values as unknown[]).slice(1)
    const days: unknown[] = []
    sheet.eachRow((row, n) => {
      // without personal data, a registration's month stands for its day
      if (n > 2) days.push(row.getCell(header.indexOf('registeredMonth') + 1).value)
    })
    expect(days.sort()).toEqual(['2026-11', '2026-11'])
  })

  it('reads the days page by page through the date index, each record once, in the order of its text', async () => {
    const table = await entityExportTable(server.db, {
      entity: 'flowCount',
      personal: true,
      sites: ['SEG-FMP'],
      days: { from: '2026-10-31', to: '2026-12-01' },
      pageSize: 2,
    })
    const rows: unknown[][] = []
    for await (const page of table.pages) rows.push(...page)
    const id = table.columns.findIndex((c) => c.header === 'id')
    // the index orders the times as written (their text), which the read pages by
    expect(rows.map((row) => row[id])).toEqual(
      Object.values(tallies)
        .sort((a, b) => (a.observedAt < b.observedAt ? -1 : 1))
        .map((t) => t.id),
    )
  })

  it('audits the days of the export', async () => {
    await exportedIds('survey', NOVEMBER)
    await exportedIds('survey', 'to=2026-11-30')
    const log = await call<AuditPage>(server, '/api/v1/audit?limit=5', { token: admin.token })
    const [onlyTo, both] = log.body.entries.filter((e) => e.action === 'export')
    expect(both).toMatchObject({
      target: 'survey',
      details: { personal: true, format: 'csv', from: '2026-11-01', to: '2026-11-30', sites: ['AGZ-TC', 'SEG-FMP'] },
    })
    expect(onlyTo!.details).toMatchObject({ to: '2026-11-30' })
    expect(onlyTo!.details).not.toHaveProperty('from')
  })

  it.each([
    ['from=2026-13-01', ['from']],
    ['to=2026-11-31', ['to']],
    ['from=30/11/2026', ['from']],
    ['from=', ['from']],
    ['from=2026-11-01&from=2026-11-02', ['from']],
    ['from=0001-01-01', ['from']],
    ['to=9999-12-31', ['to']],
    ['from=2026-12-01&to=2026-11-01', ['to']],
  ])('answers 400 on the field for %s, before auditing', async (query, path) => {
    const before = (await call<AuditPage>(server, '/api/v1/audit?limit=1000', { token: admin.token })).body.entries
    const answer = await call(server, `/api/v1/export/registration.xlsx?${query}`, { token: supervisor.token })
    expect(answer.status).toBe(400)
    const body = answer.body as { error: string; issues: { path: string[] }[] }
    expect(body.error).toBe('invalid_request')
    expect(body.issues.length).toBeGreaterThan(0)
    expect(body.issues.map((issue) => issue.path)).toEqual(body.issues.map(() => path))
    const after = (await call<AuditPage>(server, '/api/v1/audit?limit=1000', { token: admin.token })).body.entries
    expect(after.length).toBe(before.length)
  })

  it('says which rule a backwards range breaks', async () => {
    const answer = await call(server, `/api/v1/export/flowCount.csv?from=2026-12-01&to=2026-11-01`, {
      token: supervisor.token,
    })
    expect(answer.body).toMatchObject({ issues: [{ path: ['to'], code: 'date_order' }] })
  })
})
