import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '@/server/seed/csv'
import type { AuditEntry, AuditPage } from '@/shared/schemas/audit'
import { flowCount, namedRegistration } from '../helpers/records'
import { assistance } from './helpers/case-records'
import { pull, pushOk, upsert } from './helpers/sync-client'
import {
  call,
  login,
  loginAdmin,
  signedInUser,
  startTestServer,
  type Session,
  type TestServer,
} from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

describe.each(TEST_DATABASES)('exports and the audit log (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session
  const here = namedRegistration({
    givenName: 'Hadiza',
    familyName: 'Boubacar',
    phone: '+227 90 00 00 00',
    dateOfBirth: '2010-05-01',
  })
  const elsewhere = namedRegistration({ siteCode: 'DRK-TC', givenName: 'Elsewhere' })
  const formula = namedRegistration({ givenName: '=HYPERLINK("http://x")' })
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC', 'SEG-FMP'])
    await pushOk(server, admin, [
      upsert('registration', here),
      upsert('registration', elsewhere),
      upsert('registration', formula),
      upsert('assistance', assistance(here.id, { notes: 'Spoke with Hadiza' })),
      upsert('flowCount', flowCount()),
    ])
  })
  afterAll(() => server.close())

  const exportCsv = async (file: string, session: Session, query = '') => {
    const answer = await call(server, `/api/v1/export/${file}${query}`, { token: session.token })
    return { ...answer, rows: typeof answer.body === 'string' ? parseCsv(answer.body) : [] }
  }
  const auditLog = async (query = '') => {
    const answer = await call<AuditPage>(server, `/api/v1/audit${query}`, { token: admin.token })
    expect(answer.status).toBe(200)
    return answer.body
  }

  it('exports registrations anonymised, with an HXL row, at the supervisor’s sites only', async () => {
    const { status, headers, rows } = await exportCsv('registration.csv', supervisor)
    expect(status).toBe(200)
    expect(headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(headers.get('cache-control')).toBe('no-store')
    const [header, hxl, ...data] = rows
    expect(header).toContain('ageGroup')
    expect(header).not.toContain('id') // the record id comes with the personal columns only
    expect(hxl![header!.indexOf('nationality')]).toBe('#country+code+nationality')
    expect(hxl!.every((tag) => tag.startsWith('#'))).toBe(true)
    expect(header).not.toEqual(expect.arrayContaining(['givenName', 'phone', 'dateOfBirth', 'documentNumber']))
    const text = JSON.stringify(rows)
    expect(text).not.toMatch(/Hadiza|Boubacar|\+227|2010-05-01|HYPERLINK/)
    expect(text).not.toMatch(new RegExp(`${here.id}|${formula.id}|${elsewhere.id}`))
    // here (born 2010) and formula (1998) at AGZ-TC; elsewhere is at another site
    expect(data.map((row) => row[header!.indexOf('siteCode')])).toEqual(['AGZ-TC', 'AGZ-TC'])
    expect(data.map((row) => row[header!.indexOf('ageGroup')]).sort()).toEqual(['12_17', '18_59'])
  })

  it('adds personal columns, without HXL tags, only when asked, and defuses formulas', async () => {
    const { rows } = await exportCsv('registration.csv', supervisor, '?personal=true')
    const [header, hxl, ...data] = rows
    expect(hxl![header!.indexOf('id')]).toBe('#meta+id')
    expect(data.map((row) => row[0]).sort()).toEqual([here.id, formula.id].sort())
    const given = header!.indexOf('givenName')
    expect(given).toBeGreaterThan(0)
    expect(hxl![given]).toBe('')
    expect(hxl![header!.indexOf('phone')]).toBe('')
    expect(data.find((row) => row[0] === here.id)![given]).toBe('Hadiza')
    expect(data.find((row) => row[0] === formula.id)![given]).toBe(`'=HYPERLINK("http://x")`)
    const notes = await exportCsv('assistance.csv', supervisor)
    expect(JSON.stringify(notes.rows)).not.toContain('Spoke with')
  })

  it('exports flow counts with the tags of data-model.md', async () => {
    const { rows } = await exportCsv('flowCount.csv', supervisor)
    const [header, hxl, first] = rows
    expect(hxl![header!.indexOf('total')]).toBe('#affected+migrants+total')
    expect(hxl![header!.indexOf('men')]).toBe('#affected+migrants+m+adults')
    expect(first![header!.indexOf('total')]).toBe('18')
  })

  it('refuses registrars and monitors, and unknown files', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const monitor = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
    expect((await exportCsv('registration.csv', registrar)).status).toBe(403)
    expect((await exportCsv('flowCount.csv', monitor)).status).toBe(403)
    expect((await exportCsv('users.csv', admin)).status).toBe(404)
  })

  it('audits sign-ins (never the password), user changes, revocations, exports and case-file reads', async () => {
    await call(server, '/api/v1/auth/login', {
      body: { username: 'admin', password: 'Wrong-Secret-123', deviceId: randomUUID() },
    })
    const created = await call<{ id: string }>(server, '/api/v1/users', {
      token: admin.token,
      body: {
        username: 'audited-user',
        password: 'audited-passphrase',
        name: 'A',
        role: 'registrar',
        sites: ['AGZ-TC'],
      },
    })
    const registrar = await login(server, 'audited-user', 'audited-passphrase')
    expect(registrar.user.id).toBe(created.body.id)
    await call(server, `/api/v1/users/${registrar.user.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { sites: ['ARL-TC'] },
    })
    await call(server, `/api/v1/devices/${registrar.deviceId}/revoke`, { token: admin.token, body: { mode: 'block' } })
    await pull(server, supervisor)
    await call(server, '/api/v1/conflicts', { token: supervisor.token })

    const { entries } = await auditLog('?limit=1000')
    const text = JSON.stringify(entries)
    expect(text).not.toContain('Wrong-Secret-123')
    expect(text).not.toMatch(/Hadiza|Boubacar|Spoke with/)
    const find = (action: string, match: Partial<AuditEntry> = {}) =>
      entries.find(
        (e) => e.action === action && Object.entries(match).every(([k, v]) => e[k as keyof AuditEntry] === v),
      )
    expect(find('sign_in_failed', { target: 'admin' })).toMatchObject({
      actorUserId: null,
      details: { reason: 'invalid_credentials' },
    })
    expect(find('sign_in', { actorUserId: registrar.user.id })).toBeDefined()
    expect(find('user_created', { target: registrar.user.id })).toMatchObject({ actorUserId: admin.user.id })
    expect(find('user_updated', { target: registrar.user.id })).toMatchObject({
      details: { sites: { from: ['AGZ-TC'], to: ['ARL-TC'] } },
    })
    expect(find('device_revoked', { target: registrar.deviceId })).toMatchObject({ details: { mode: 'block' } })
    expect(find('export', { target: 'registration', actorUserId: supervisor.user.id })).toBeDefined()
    expect(entries.some((e) => e.action === 'export' && e.details?.personal === true)).toBe(true)
    expect(find('records_read', { actorUserId: supervisor.user.id })).toMatchObject({
      deviceId: supervisor.deviceId,
      details: { registration: 2, assistance: 1, referral: 0, sites: ['AGZ-TC'] },
    })
    expect(find('conflicts_read', { actorUserId: supervisor.user.id })).toMatchObject({ details: { count: 0 } })
  })

  it('pages newest first, for admins only', async () => {
    const first = await auditLog('?limit=2')
    expect(first.entries).toHaveLength(2)
    expect(first.entries[0]!.at >= first.entries[1]!.at).toBe(true)
    const second = await auditLog(`?limit=2&before=${first.next}`)
    expect(second.entries[0]!.id < first.entries[1]!.id).toBe(true)
    expect((await call(server, '/api/v1/audit', { token: supervisor.token })).status).toBe(403)
  })

  it('refuses a page mark that is not an entry id, rather than ignoring it', async () => {
    // neither text that is no id, nor an id no entry has (a made-up one, or the smallest)
    const noEntry = ['01900000-0000-7000-8000-000000000000', '00000000-0000-0000-0000-000000000000']
    for (const before of ['abc', '%00', '1 or 1=1', ...noEntry]) {
      const answer = await call<{ error: string; issues: { path: string[] }[] }>(
        server,
        `/api/v1/audit?before=${encodeURIComponent(before)}`,
        { token: admin.token },
      )
      expect(answer.status).toBe(400)
      expect(answer.body.error).toBe('invalid_request')
    }
  })
})
