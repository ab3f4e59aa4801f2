/**
 * The FMP status entity (issue 10: "the FMP was closed / saw no flow in a period") over
 * real HTTP: a monitor of the FMP pushes it and it syncs like any record; a broken one is
 * refused with field errors; another site's and other roles' are refused; supervisors
 * export it. Answers carry a Date header: the phone's clock warning reads it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { siteTimestamp } from '@/shared/site-time'
import { fmpStatus } from '../helpers/records'
import { TEST_DATABASES } from './helpers/databases'
import { batch, pullAll, push, pushOk, remove, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

/** A period of the site's day before yesterday (the schema refuses days after tomorrow). */
function recentPeriod(hours = 12): { from: string; to: string } {
  const start = Date.now() - 2 * 86_400_000
  return { from: new Date(start).toISOString(), to: new Date(start + hours * 3_600_000).toISOString() }
}

describe.each(TEST_DATABASES)('fmpStatus over the sync API (%s)', (database) => {
  let server: TestServer
  let monitor: Session
  let colleague: Session
  let otherMonitor: Session
  let registrar: Session
  let supervisor: Session

  beforeAll(async () => {
    server = await startTestServer({}, { database })
    const admin = await loginAdmin(server)
    monitor = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
    colleague = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
    otherMonitor = await signedInUser(server, admin, 'monitor', ['MAD-FMP'])
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    supervisor = await signedInUser(server, admin, 'supervisor', ['SEG-FMP'])
  })
  afterAll(() => server.close())

  it('applies a monitor’s status of their FMP, and another monitor of the FMP pulls it', async () => {
    const status = fmpStatus({ kind: 'no_flow', reason: 'Route coupée', ...recentPeriod() })
    const { results } = await pushOk(server, monitor, [upsert('fmpStatus', status)])
    expect(results[0]).toMatchObject({ status: 'applied', rev: 1 })
    const { changes } = await pullAll(server, colleague)
    expect(changes).toContainEqual(
      expect.objectContaining({ entity: 'fmpStatus', recordId: status.id, rev: 1, deleted: false, data: status }),
    )
    // corrected, then deleted, like any record
    const edit = await pushOk(server, monitor, [upsert('fmpStatus', { ...status, kind: 'closed' }, 1)])
    expect(edit.results[0]).toMatchObject({ status: 'applied', rev: 2 })
    const gone = await pushOk(server, monitor, [remove('fmpStatus', status.id, 2)])
    expect(gone.results[0]).toMatchObject({ status: 'applied', rev: 3 })
  })

  it('refuses a broken status with field errors, and applies the rest of the batch', async () => {
    const { from, to } = recentPeriod()
    const backwards = fmpStatus({ from: to, to: from })
    const tooLong = fmpStatus({ from: new Date(Date.now() - 40 * 86_400_000).toISOString(), to })
    const unknownKind = { ...fmpStatus(recentPeriod()), kind: 'holiday' }
    const withName = { ...fmpStatus(recentPeriod()), migrantName: 'Moussa' }
    const future = fmpStatus({ from, to: new Date(Date.now() + 5 * 86_400_000).toISOString() })
    const good = fmpStatus(recentPeriod())
    const { results } = await pushOk(server, monitor, [
      upsert('fmpStatus', backwards),
      upsert('fmpStatus', tooLong),
      upsert('fmpStatus', unknownKind),
      upsert('fmpStatus', withName),
      upsert('fmpStatus', future),
      upsert('fmpStatus', good),
    ])
    expect(results.map((r) => r.status)).toEqual([
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'rejected',
      'applied',
    ])
    expect(results[0]?.errors).toEqual([expect.objectContaining({ path: ['to'], code: 'period_order' })])
    expect(results[1]?.errors).toEqual([expect.objectContaining({ path: ['to'], code: 'period_too_long' })])
    expect(results[2]?.errors).toEqual([expect.objectContaining({ path: ['kind'] })])
    expect(results[3]?.errors).toEqual([expect.objectContaining({ code: 'unrecognized_keys' })])
    expect(results[4]?.errors).toEqual([expect.objectContaining({ path: ['to'], code: 'event_day' })])
  })

  it('refuses another site’s status, and a registrar’s', async () => {
    const { results } = await pushOk(server, otherMonitor, [upsert('fmpStatus', fmpStatus(recentPeriod()))])
    expect(results[0]).toMatchObject({ status: 'rejected' })
    expect(results[0]?.errors).toEqual([expect.objectContaining({ code: 'forbidden', path: ['siteCode'] })])
    const byRegistrar = await pushOk(server, registrar, [
      upsert('fmpStatus', fmpStatus({ siteCode: 'AGZ-TC', ...recentPeriod() })),
    ])
    expect(byRegistrar.results[0]?.errors).toEqual([expect.objectContaining({ code: 'forbidden', path: [] })])
    // and neither of them sees Séguédine's statuses
    for (const session of [otherMonitor, registrar]) {
      const { changes } = await pullAll(server, session)
      expect(changes.filter((c) => c.entity === 'fmpStatus')).toEqual([])
    }
  })

  it('answers a batch whose mutation names no known entity 400 invalid_batch, and knows fmpStatus', async () => {
    const status = fmpStatus(recentPeriod())
    const broken = await push(
      server,
      monitor,
      batch(monitor, [{ ...upsert('fmpStatus', status), entity: 'fmpStat' as never }]),
    )
    expect(broken.status).toBe(400)
    expect(broken.body).toMatchObject({ error: 'invalid_batch' })
    const schema = await call<{ entities: Record<string, unknown> }>(server, '/api/v1/schema', { token: monitor.token })
    expect(Object.keys(schema.body.entities)).toContain('fmpStatus')
  })

  it('exports statuses to supervisors with HXL tags, the reason only on request', async () => {
    const status = fmpStatus({ kind: 'closed', reason: 'Fête nationale', ...recentPeriod(7) })
    await pushOk(server, monitor, [upsert('fmpStatus', status)])
    const open = await call<string>(server, '/api/v1/export/fmpStatus.csv', { token: supervisor.token })
    expect(open.status).toBe(200)
    // the file starts with a byte-order mark (spreadsheets then read UTF-8)
    const lines = open.body
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/)
    const [header, hxl] = lines
    expect(header).toBe('siteCode,siteName,adm1,kind,from,to')
    expect(hxl).toBe('#loc+code,#loc+name,#adm1+name,#indicator+status,#date+start,#date+end')
    // its times in Niger time, to the second (the phone wrote them in UTC here)
    const [from, to] = [status.from, status.to].map((at) => siteTimestamp(new Date(at)))
    expect(lines.filter((line) => line.endsWith(`,closed,${from},${to}`))).toHaveLength(1)
    expect(open.body).not.toContain('Fête nationale')
    const personal = await call<string>(server, '/api/v1/export/fmpStatus.csv?personal=true', {
      token: supervisor.token,
    })
    expect(personal.body).toContain(`${status.id},`)
    expect(personal.body).toContain('Fête nationale')
    const refused = await call(server, '/api/v1/export/fmpStatus.csv', { token: monitor.token })
    expect(refused.status).toBe(403)
  })

  it('dates every API answer, so that a phone can tell how far its clock is', async () => {
    const answer = await call(server, '/api/v1/sites', { token: monitor.token })
    const date = Date.parse(answer.headers.get('date') ?? '')
    expect(Math.abs(date - Date.now())).toBeLessThan(60_000)
  })
})
