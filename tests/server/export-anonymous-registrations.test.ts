/**
 * The registration export without personal data singles no one out (anonymous-
 * registrations.ts), over real HTTP and a real database: no registration or consent
 * day, the month instead; no vulnerability (trafficking, gender-based violence…), which
 * the registrations-per-centre figures count with "<5"; a range of days read as whole
 * months, so that a single day asked for cannot give the day back; the audit says the
 * months read. The personal export, audited, keeps the exact day and the flags.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '@/server/seed/csv'
import type { AuditPage } from '@/shared/schemas/audit'
import { namedRegistration } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

describe.each(TEST_DATABASES)('the registration export without personal data (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session
  const trafficked = namedRegistration({
    registeredOn: '2026-11-03',
    consentDate: '2026-11-03',
    nationality: 'NGA',
    vulnerabilities: ['potential_trafficking_victim', 'gbv_survivor'],
  })
  const sameMonth = namedRegistration({ registeredOn: '2026-11-20', consentDate: '2026-11-20' })
  const nextMonth = namedRegistration({ registeredOn: '2026-12-01', consentDate: '2026-12-01' })

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    await pushOk(
      server,
      admin,
      [trafficked, sameMonth, nextMonth].map((r) => upsert('registration', r)),
    )
  })
  afterAll(() => server.close())

  const exportCsv = async (query: string) => {
    const answer = await call(server, `/api/v1/export/registration.csv?${query}`, { token: supervisor.token })
    expect(answer.status).toBe(200)
    const text = answer.body as unknown as string
    const [header, hxl, ...rows] = parseCsv(text).filter((row) => row.some((cell) => cell !== ''))
    const cell = (row: string[], name: string) => row[header!.indexOf(name)]
    return { text, header: header!, hxl: hxl!, rows, cell, disposition: answer.headers.get('content-disposition') }
  }

  it('gives the month of registration, never a day, and no vulnerability', async () => {
    const { text, header, hxl, rows, cell } = await exportCsv('')
    expect(header).not.toContain('registeredOn')
    expect(header).not.toContain('consentDate')
    expect(header).not.toContain('vulnerabilities')
    expect(hxl[header.indexOf('registeredMonth')]).toBe('#date+registered+month')
    expect(rows.map((row) => cell(row, 'registeredMonth')).sort()).toEqual(['2026-11', '2026-11', '2026-12'])
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/)
    expect(text).not.toContain('trafficking')
    expect(text).not.toContain('gbv')
    expect(text).not.toContain('single_woman')
  })

  it('reads a range of days as its whole months, and audits the months read', async () => {
    const { rows, cell, disposition } = await exportCsv('from=2026-11-03&to=2026-11-03')
    // the one day asked for comes with the rest of its month: the day stays hidden
    expect(rows.map((row) => cell(row, 'registeredMonth'))).toEqual(['2026-11', '2026-11'])
    expect(disposition).toMatch(/relais-registration-from-2026-11-01-to-2026-11-30-/)
    const audit = await call<AuditPage>(server, '/api/v1/audit?limit=1000', { token: admin.token })
    const details = audit.body.entries.map((entry) => entry.details)
    expect(details).toContainEqual(expect.objectContaining({ personal: false, from: '2026-11-01', to: '2026-11-30' }))
    expect((await exportCsv('to=2026-12-01')).rows).toHaveLength(3)
  })

  it('keeps the exact days and the vulnerabilities in the personal export, of the days asked for', async () => {
    const { header, hxl, rows, cell } = await exportCsv('personal=true&from=2026-11-03&to=2026-11-03')
    expect(header).not.toContain('registeredMonth')
    expect(hxl[header.indexOf('registeredOn')]).toBe('#date+registered')
    expect(rows).toHaveLength(1)
    expect(cell(rows[0]!, 'registeredOn')).toBe('2026-11-03')
    expect(cell(rows[0]!, 'consentDate')).toBe('2026-11-03')
    expect(cell(rows[0]!, 'vulnerabilities')).toBe('potential_trafficking_victim gbv_survivor')
  })
})
