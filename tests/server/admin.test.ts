import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENTITIES } from '@/shared/schemas/entities'
import { siteSchema } from '@/shared/schemas/site'
import { userSchema } from '@/shared/schemas/auth'
import { readSeedSites } from '@/server/seed/seed-sites'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

describe.each(TEST_DATABASES)('users, sites and schema (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let registrar: Session
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
  })
  afterAll(() => server.close())

  const newUser = {
    username: 'amina.k',
    password: 'long-enough-1',
    name: 'Amina K.',
    role: 'monitor',
    sites: ['SEG-FMP'],
  }

  it('lets an admin create and list users, and nobody else', async () => {
    const created = await call(server, '/api/v1/users', { token: admin.token, body: newUser })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      id: expect.any(String),
      username: 'amina.k',
      role: 'monitor',
      sites: ['SEG-FMP'],
      active: true,
    })
    expect(created.body).not.toHaveProperty('password')
    expect(userSchema.safeParse(created.body).success).toBe(true)
    const list = await call<{ username: string }[]>(server, '/api/v1/users', { token: admin.token })
    expect(list.body.map((u) => u.username)).toContain('amina.k')
    expect((await call(server, '/api/v1/users', { token: registrar.token })).status).toBe(403)
    expect(
      (await call(server, '/api/v1/users', { token: registrar.token, body: { ...newUser, username: 'other' } })).status,
    ).toBe(403)
  })

  it('answers 409 for a username that is taken', async () => {
    const again = await call(server, '/api/v1/users', {
      token: admin.token,
      body: { ...newUser, username: 'taken.name' },
    })
    expect(again.status).toBe(201)
    const duplicate = await call(server, '/api/v1/users', {
      token: admin.token,
      body: { ...newUser, username: 'taken.name' },
    })
    expect(duplicate.status).toBe(409)
  })

  it('answers 400 with field errors for a bad user, and for unknown site codes', async () => {
    const bad = await call(server, '/api/v1/users', {
      token: admin.token,
      body: { ...newUser, username: 'A!', password: 'short', role: 'boss' },
    })
    expect(bad.status).toBe(400)
    const paths = (bad.body.issues as { path: string[] }[]).map((i) => i.path[0])
    expect(paths).toEqual(expect.arrayContaining(['username', 'password', 'role']))
    const unknown = await call(server, '/api/v1/users', {
      token: admin.token,
      body: { ...newUser, username: 'nosite', sites: ['NOPE-1'] },
    })
    expect(unknown.status).toBe(400)
    expect(unknown.body.issues).toEqual([expect.objectContaining({ path: ['sites', 0], code: 'unknown_site' })])
  })

  it('starts with the 16 sites of the seed file', async () => {
    const sites = await call<{ code: string; lat: number | null }[]>(server, '/api/v1/sites', {
      token: registrar.token,
    })
    expect(sites.status).toBe(200)
    expect(sites.body).toHaveLength(16)
    expect(sites.body.every((site) => siteSchema.safeParse(site).success)).toBe(true)
    expect(readSeedSites()).toHaveLength(16)
    expect(sites.body.find((s) => s.code === 'SEG-FMP')).toEqual({
      code: 'SEG-FMP',
      name: 'Séguédine flow monitoring point',
      kind: 'fmp',
      adm1: 'Agadez',
      lat: 20.2,
      lon: 12.98,
      active: true,
    })
    expect(sites.body.find((s) => s.code === 'DBT-FMP')).toMatchObject({ lat: null, lon: null })
  })

  it('lets an admin add and change sites', async () => {
    const site = {
      code: 'TIL-FMP',
      name: 'Tillia flow monitoring point',
      kind: 'fmp',
      adm1: 'Tahoua',
      lat: 16.1,
      lon: 4.8,
    }
    const created = await call(server, '/api/v1/sites', { token: admin.token, body: site })
    expect(created.body).toEqual({ ...site, active: true })
    expect((await call(server, '/api/v1/sites', { token: admin.token, body: site })).status).toBe(409)
    const patched = await call(server, '/api/v1/sites/TIL-FMP', {
      method: 'PATCH',
      token: admin.token,
      body: { active: false },
    })
    expect(patched.body).toEqual({ ...site, active: false })
    expect(
      (await call(server, '/api/v1/sites/NONE-1', { method: 'PATCH', token: admin.token, body: { active: false } }))
        .status,
    ).toBe(404)
    expect(
      (await call(server, '/api/v1/sites', { token: admin.token, body: { ...site, code: 'bad code' } })).status,
    ).toBe(400)
    expect(
      (await call(server, '/api/v1/sites', { token: registrar.token, body: { ...site, code: 'X-1' } })).status,
    ).toBe(403)
  })

  it('publishes the JSON Schema of each entity', async () => {
    const answer = await call<{
      version: string
      entities: Record<string, { properties?: object; anyOf?: object[]; oneOf?: object[] }>
    }>(server, '/api/v1/schema', { token: registrar.token })
    expect(answer.status).toBe(200)
    expect(answer.body.version).toBe('1')
    expect(Object.keys(answer.body.entities).sort()).toEqual([...ENTITIES].sort())
    expect(JSON.stringify(answer.body.entities.flowCount)).toContain('"nationalities"')
    expect(JSON.stringify(answer.body.entities.registration)).toContain('"consentProcessing"')
    // country fields list the codes the server accepts, as the partner's client must send them
    const registration = JSON.stringify(answer.body.entities.registration)
    const nationality = /"nationality":(\{[^}]*\})/.exec(registration)?.[1]
    expect(JSON.parse(nationality ?? '{}')).toMatchObject({
      type: 'string',
      enum: expect.arrayContaining(['NER', 'MLI', 'OOO']),
    })
    expect(JSON.parse(nationality ?? '{}').enum).not.toContain('Niger')
  })
})
