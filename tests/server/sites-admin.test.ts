/**
 * Site administration over real HTTP and a real database: admins only, field errors
 * with stable codes, codes unique and immutable, coordinates in Niger, audited, and a
 * deactivated site keeps its records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { siteSchema, type Site } from '@/shared/schemas/site'
import type { AuditPage } from '@/shared/schemas/audit'
import { namedRegistration } from '../helpers/records'
import { pullAll, pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, type Session, type TestServer, startTestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

interface Issue {
  path: (string | number)[]
  code: string
}
type Invalid = { error: string; issues: Issue[] }

const issueAt = (body: Invalid, field: string) => body.issues.filter((i) => i.path[0] === field).map((i) => i.code)

describe.each(TEST_DATABASES)('site administration (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let supervisor: Session
  let registrar: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    supervisor = await signedInUser(server, admin, 'supervisor', ['AGZ-TC'])
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  const ingall = {
    code: 'ING-FMP',
    name: "Point de suivi des flux d'Ingall",
    kind: 'fmp',
    adm1: 'Agadez',
    lat: 16.78,
    lon: 6.93,
  }

  it('refuses creating or changing a site to everyone but admins (403), and changes nothing', async () => {
    for (const who of [supervisor, registrar]) {
      const created = await call(server, '/api/v1/sites', { token: who.token, body: { ...ingall, code: 'NOPE-1' } })
      expect(created.status).toBe(403)
      const patched = await call(server, '/api/v1/sites/AGZ-TC', {
        method: 'PATCH',
        token: who.token,
        body: { active: false },
      })
      expect(patched.status).toBe(403)
    }
    expect((await call(server, '/api/v1/sites', { body: ingall })).status).toBe(401)
    const sites = await call<Site[]>(server, '/api/v1/sites', { token: registrar.token })
    expect(sites.body.map((s) => s.code)).not.toContain('NOPE-1')
    expect(sites.body.find((s) => s.code === 'AGZ-TC')?.active).toBe(true)
  })

  it('creates a site (active by default), audited, and lists it to every signed-in user', async () => {
    const created = await call<Site>(server, '/api/v1/sites', { token: admin.token, body: ingall })
    expect(created.status).toBe(201)
    expect(created.body).toEqual({ ...ingall, active: true })
    const listed = await call<Site[]>(server, '/api/v1/sites', { token: registrar.token })
    const ing = listed.body.find((s) => s.code === 'ING-FMP')
    expect(siteSchema.parse(ing)).toEqual({ ...ingall, active: true })
    const log = await call<AuditPage>(server, '/api/v1/audit?limit=20', { token: admin.token })
    expect(log.body.entries).toContainEqual(
      expect.objectContaining({ action: 'site_created', target: 'ING-FMP', actorUserId: admin.user.id }),
    )
  })

  it('answers 400 with a field error per bad field, each with a stable code', async () => {
    const bad = await call<Invalid>(server, '/api/v1/sites', {
      token: admin.token,
      body: { code: 'bad code', name: '   ', kind: 'camp', adm1: 'Agadez', lat: 16.78, lon: 6.93 },
    })
    expect(bad.status).toBe(400)
    expect(issueAt(bad.body, 'code')).toEqual(['invalid_format'])
    expect(issueAt(bad.body, 'name')).toEqual(['too_small'])
    expect(issueAt(bad.body, 'kind')).toEqual(['invalid_value'])

    // Paris is a valid place, not a Niger one
    const paris = await call<Invalid>(server, '/api/v1/sites', {
      token: admin.token,
      body: { ...ingall, code: 'PAR-1', lat: 48.85, lon: 2.35 },
    })
    expect(paris.status).toBe(400)
    expect(paris.body.issues).toEqual([expect.objectContaining({ path: ['lat'], code: 'outside_niger' })])
    expect(paris.body.issues.every((i) => i.code !== 'custom')).toBe(true)

    const half = await call<Invalid>(server, '/api/v1/sites', {
      token: admin.token,
      body: { ...ingall, code: 'HALF-1', lon: null },
    })
    expect(half.status).toBe(400)
    expect(half.body.issues).toEqual([expect.objectContaining({ path: ['lon'], code: 'coordinates_pair' })])

    const outOfEarth = await call<Invalid>(server, '/api/v1/sites', {
      token: admin.token,
      body: { ...ingall, code: 'FAR-1', lat: 91, lon: 'east' },
    })
    expect(outOfEarth.status).toBe(400)
    expect(issueAt(outOfEarth.body, 'lat')).toContain('too_big')
    expect(issueAt(outOfEarth.body, 'lon')).toEqual(['invalid_type'])

    const extra = await call<Invalid>(server, '/api/v1/sites', {
      token: admin.token,
      body: { ...ingall, code: 'EXTRA-1', owner: 'me' },
    })
    expect(extra.status).toBe(400)
    expect(extra.body.issues).toEqual([expect.objectContaining({ path: ['owner'], code: 'unrecognized_keys' })])
    const codes = (await call<Site[]>(server, '/api/v1/sites', { token: admin.token })).body.map((s) => s.code)
    expect(codes).not.toContain('HALF-1')
    expect(codes).not.toContain('PAR-1')
    expect(codes).not.toContain('FAR-1')
    expect(codes).not.toContain('EXTRA-1')
  })

  it('refuses a code that is taken (409), even when two admins send it at once', async () => {
    const again = await call(server, '/api/v1/sites', {
      token: admin.token,
      body: { ...ingall, name: 'Another one' },
    })
    expect(again.status).toBe(409)
    expect(again.body).toMatchObject({ error: 'already_exists' })
    const body = { ...ingall, code: 'RACE-FMP' }
    const answers = await Promise.all([1, 2, 3].map(() => call(server, '/api/v1/sites', { token: admin.token, body })))
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409, 409])
    const listed = (await call<Site[]>(server, '/api/v1/sites', { token: admin.token })).body
    expect(listed.filter((s) => s.code === 'RACE-FMP')).toHaveLength(1)
    // an existing seed site too
    expect(
      (await call(server, '/api/v1/sites', { token: admin.token, body: { ...ingall, code: 'AGZ-TC' } })).status,
    ).toBe(409)
  })

  it('edits a site but never its code', async () => {
    const renamed = await call<Site>(server, '/api/v1/sites/ING-FMP', {
      method: 'PATCH',
      token: admin.token,
      body: { name: 'Ingall FMP', adm1: 'Agadez', lat: 16.8, lon: 6.9 },
    })
    expect(renamed.status).toBe(200)
    expect(renamed.body).toEqual({ ...ingall, name: 'Ingall FMP', lat: 16.8, lon: 6.9, active: true })

    const recode = await call<Invalid>(server, '/api/v1/sites/ING-FMP', {
      method: 'PATCH',
      token: admin.token,
      body: { code: 'ING-2', name: 'Ingall' },
    })
    expect(recode.status).toBe(400)
    expect(recode.body.issues).toEqual([expect.objectContaining({ path: ['code'], code: 'unrecognized_keys' })])

    const oneCoordinate = await call<Invalid>(server, '/api/v1/sites/ING-FMP', {
      method: 'PATCH',
      token: admin.token,
      body: { lat: 17 },
    })
    expect(oneCoordinate.status).toBe(400)
    expect(oneCoordinate.body.issues).toEqual([expect.objectContaining({ path: ['lon'], code: 'coordinates_pair' })])

    const outside = await call<Invalid>(server, '/api/v1/sites/ING-FMP', {
      method: 'PATCH',
      token: admin.token,
      body: { lat: 16.8, lon: 30 },
    })
    expect(issueAt(outside.body, 'lon')).toEqual(['outside_niger'])

    const cleared = await call<Site>(server, '/api/v1/sites/ING-FMP', {
      method: 'PATCH',
      token: admin.token,
      body: { lat: null, lon: null },
    })
    expect(cleared.body).toMatchObject({ code: 'ING-FMP', name: 'Ingall FMP', lat: null, lon: null })
    expect(
      (await call(server, '/api/v1/sites/NONE-1', { method: 'PATCH', token: admin.token, body: { name: 'x' } })).status,
    ).toBe(404)
    expect(
      (await call(server, '/api/v1/sites/bad%20code', { method: 'PATCH', token: admin.token, body: { name: 'x' } }))
        .status,
    ).toBe(400)
  })

  it('changes a site’s kind while it keeps no record, never after', async () => {
    const kind = (code: string, to: string) =>
      call<Invalid & Site>(server, `/api/v1/sites/${code}`, { method: 'PATCH', token: admin.token, body: { kind: to } })
    const created = await call(server, '/api/v1/sites', {
      token: admin.token,
      body: { ...ingall, code: 'TCH-TC', name: 'Centre de transit de Tchirozérine', kind: 'fmp' },
    })
    expect(created.status).toBe(201)
    // a mistake made at creation is mended while nothing is kept there
    expect((await kind('TCH-TC', 'transit_centre')).body).toMatchObject({ kind: 'transit_centre' })
    expect((await kind('TCH-TC', 'transit_centre')).status).toBe(200) // the same kind again changes nothing

    const registrarThere = await signedInUser(server, admin, 'registrar', ['TCH-TC'])
    await pushOk(server, registrarThere, [upsert('registration', namedRegistration({ siteCode: 'TCH-TC' }))])
    const refused = await kind('TCH-TC', 'fmp')
    expect(refused.status).toBe(400)
    expect(issueAt(refused.body, 'kind')).toEqual(['site_kind_in_use'])
    const site = (await call<Site[]>(server, '/api/v1/sites', { token: admin.token })).body.find(
      (s) => s.code === 'TCH-TC',
    )
    expect(site?.kind).toBe('transit_centre')
  })

  it('deactivates and reactivates a site, audited, keeping its records', async () => {
    const worker = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    const person = namedRegistration({ siteCode: 'ARL-TC' })
    const pushed = await pushOk(server, worker, [upsert('registration', person)])
    expect(pushed.results[0]).toMatchObject({ status: 'applied' })

    const off = await call<Site>(server, '/api/v1/sites/ARL-TC', {
      method: 'PATCH',
      token: admin.token,
      body: { active: false },
    })
    expect(off.status).toBe(200)
    expect(off.body).toMatchObject({ code: 'ARL-TC', active: false, name: 'Arlit transit centre' })
    const listed = (await call<Site[]>(server, '/api/v1/sites', { token: worker.token })).body
    expect(listed.find((s) => s.code === 'ARL-TC')?.active).toBe(false)
    // the records stay, on the server and for the phones of the site
    const colleague = await signedInUser(server, admin, 'registrar', ['ARL-TC'])
    const pulled = await pullAll(server, colleague)
    expect(pulled.changes.map((c) => c.recordId)).toContain(person.id)

    const on = await call<Site>(server, '/api/v1/sites/ARL-TC', {
      method: 'PATCH',
      token: admin.token,
      body: { active: true },
    })
    expect(on.body.active).toBe(true)
    const log = await call<AuditPage>(server, '/api/v1/audit?limit=50', { token: admin.token })
    const changes = log.body.entries.filter((e) => e.action === 'site_updated' && e.target === 'ARL-TC')
    expect(changes.map((e) => e.details)).toEqual([
      { fields: ['active'], active: true },
      { fields: ['active'], active: false },
    ])
  })
})
