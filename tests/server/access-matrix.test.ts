/**
 * Every endpoint × every kind of caller (issue 4, Proof): no token, a garbage one, an
 * expired one, a revoked device (both modes), a push-only credential, a disabled
 * account, and each role at its own site and at another. Allowed writes are sent with
 * a body that fails validation, so an allowed caller gets 400 and nothing changes;
 * then the reads are checked for anything of another site or a forbidden entity.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashToken } from '@/server/store/tokens'
import { touchDevice } from '@/server/store/devices'
import type { Conflict } from '@/shared/schemas/conflicts'
import type { DeviceSummary } from '@/shared/schemas/devices'
import type { Role } from '@/shared/schemas/auth'
import { canRead } from '@/shared/roles'
import { flowCount, namedRegistration } from '../helpers/records'
import { assistance } from './helpers/case-records'
import { batch, pull, pullAll, push, pushOk, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'
import { TEST_DATABASES } from './helpers/databases'

const ROLE_IDENTITIES = [
  'registrarHome',
  'registrarOther',
  'monitorHome',
  'monitorOther',
  'supervisorHome',
  'supervisorOther',
  'admin',
] as const
const SPECIAL_IDENTITIES = [
  'none',
  'garbage',
  'expired',
  'revokedWipe',
  'revokedBlock',
  'pushOnly',
  'pushOnlyBlocked',
  'disabled',
] as const
type RoleIdentity = (typeof ROLE_IDENTITIES)[number]
type Identity = RoleIdentity | (typeof SPECIAL_IDENTITIES)[number]

const SITES: Record<Exclude<RoleIdentity, 'admin'>, [Role, string[]]> = {
  registrarHome: ['registrar', ['AGZ-TC']],
  registrarOther: ['registrar', ['DRK-TC']],
  monitorHome: ['monitor', ['SEG-FMP']],
  monitorOther: ['monitor', ['MAD-FMP']],
  supervisorHome: ['supervisor', ['AGZ-TC', 'SEG-FMP']],
  supervisorOther: ['supervisor', ['DRK-TC', 'MAD-FMP']],
}

/** How callers that never reach a route are answered: status and error code. */
const REFUSED: Partial<Record<Identity, [number, string]>> = {
  none: [401, 'unauthenticated'],
  garbage: [401, 'unauthenticated'],
  expired: [401, 'token_expired'],
  revokedBlock: [401, 'device_revoked'],
  pushOnlyBlocked: [401, 'device_revoked'],
  disabled: [401, 'account_disabled'],
  revokedWipe: [403, 'device_revoked'],
  pushOnly: [403, 'push_only'],
}

interface World {
  sessions: Record<Identity, Session>
  homeRegistration: string
  homeFlowCount: string
  homeConflict: string
  homeDevice: string
}

interface Endpoint {
  method: string
  path: (w: World) => string
  body?: (w: World, s: Session) => unknown
  /** The answer for each role identity. */
  roles: (id: RoleIdentity) => number
  /** Answered 200 (public) or on its own terms whatever the token. */
  public?: number
  /** Push: a revoked-for-wipe device and a push-only credential may call it. */
  push?: boolean
}

const all = (status: number) => () => status
const only = (allowed: Partial<Record<RoleIdentity, number>>) => (id: RoleIdentity) => allowed[id] ?? 403
const supervisors = (status: number, other = status) =>
  only({ supervisorHome: status, supervisorOther: other, admin: status })

const ENDPOINTS: Endpoint[] = [
  { method: 'GET', path: () => '/healthz', roles: all(200), public: 200 },
  { method: 'GET', path: () => '/api/v1/keys', roles: all(200), public: 200 },
  { method: 'POST', path: () => '/api/v1/auth/login', body: () => ({}), roles: all(400), public: 400 },
  { method: 'GET', path: () => '/api/v1/schema', roles: all(200) },
  { method: 'GET', path: () => '/api/v1/sites', roles: all(200) },
  { method: 'POST', path: () => '/api/v1/sites', body: () => ({}), roles: only({ admin: 400 }) },
  { method: 'PATCH', path: () => '/api/v1/sites/AGZ-TC', body: () => ({ name: '' }), roles: only({ admin: 400 }) },
  { method: 'GET', path: () => '/api/v1/users', roles: only({ admin: 200 }) },
  { method: 'POST', path: () => '/api/v1/users', body: () => ({}), roles: only({ admin: 400 }) },
  {
    method: 'PATCH',
    path: (w) => `/api/v1/users/${w.sessions.registrarHome.user.id}`,
    body: () => ({ role: 'overlord' }),
    roles: only({ admin: 400 }),
  },
  {
    method: 'POST',
    path: (w) => `/api/v1/users/${w.sessions.registrarHome.user.id}/password`,
    body: () => ({}),
    roles: only({ admin: 400, registrarHome: 400 }),
  },
  {
    method: 'GET',
    path: (w) => `/api/v1/users/${w.sessions.registrarHome.user.id}/sign-in-lock`,
    roles: only({ admin: 200 }),
  },
  { method: 'GET', path: () => '/api/v1/users/sign-in-locks', roles: only({ admin: 200 }) },
  { method: 'GET', path: () => '/api/v1/devices', roles: supervisors(200) },
  {
    method: 'POST',
    path: (w) => `/api/v1/devices/${w.homeDevice}/revoke`,
    body: () => ({ mode: 'wipe_after_upload' }),
    roles: supervisors(200, 404),
  },
  { method: 'GET', path: () => '/api/v1/conflicts', roles: supervisors(200) },
  {
    method: 'POST',
    path: (w) => `/api/v1/conflicts/${w.homeConflict}/resolve`,
    body: () => ({ choice: 'bogus' }),
    roles: supervisors(400, 404),
  },
  { method: 'GET', path: () => '/api/v1/sync/pull', roles: all(200) },
  { method: 'POST', path: () => '/api/v1/sync/push', body: (_, s) => batch(s, []), roles: all(200), push: true },
  { method: 'GET', path: () => '/api/v1/export/registration.csv', roles: supervisors(200) },
  { method: 'GET', path: () => '/api/v1/export/flowCount.csv', roles: supervisors(200) },
  { method: 'GET', path: () => '/api/v1/stats/flows?from=2026-11-01&to=2026-11-30', roles: supervisors(200) },
  { method: 'GET', path: () => '/api/v1/stats/avrr?from=2026-11-01&to=2026-11-30', roles: supervisors(200) },
  {
    method: 'GET',
    path: () => '/api/v1/export/aggregate/flows-daily.csv?from=2026-11-01&to=2026-11-30',
    roles: supervisors(200),
  },
  { method: 'GET', path: () => '/api/v1/audit', roles: only({ admin: 200 }) },
  { method: 'POST', path: () => '/api/v1/keys/rotate', roles: only({ admin: 201 }) },
]

/** A world of `:id`s, to name the endpoints in test titles. */
const PLACEHOLDERS = {
  sessions: new Proxy({}, { get: () => ({ user: { id: ':id' } }) }),
  homeConflict: ':id',
  homeDevice: ':id',
} as unknown as World

function expected(endpoint: Endpoint, id: Identity): [number, string | undefined] {
  if (endpoint.public !== undefined) return [endpoint.public, undefined]
  const refused = REFUSED[id]
  if (refused) {
    const pushAllowed = endpoint.push && (id === 'revokedWipe' || id === 'pushOnly')
    return pushAllowed ? [200, undefined] : refused
  }
  const status = endpoint.roles(id as RoleIdentity)
  return [status, status === 403 ? 'forbidden' : undefined]
}

describe.each(TEST_DATABASES)('access matrix (%s)', (database) => {
  let server: TestServer
  let w: World
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    const admin = await loginAdmin(server)
    const sessions = { admin } as Record<Identity, Session>
    for (const [id, [role, sites]] of Object.entries(SITES)) {
      sessions[id as Identity] = await signedInUser(server, admin, role, sites)
    }
    for (const id of ['expired', 'revokedWipe', 'revokedBlock', 'disabled'] as const) {
      sessions[id] = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    }
    const { registrarHome, monitorHome, supervisorHome } = sessions
    sessions.none = { ...registrarHome, token: '' }
    sessions.garbage = { ...registrarHome, token: 'x'.repeat(43) }
    sessions.pushOnly = { ...registrarHome, token: registrarHome.pushToken }
    sessions.pushOnlyBlocked = { ...sessions.revokedBlock, token: sessions.revokedBlock.pushToken }
    await server.db
      .updateTable('tokens')
      .set({ expires_at: '2020-01-01T00:00:00.000Z' })
      .where('token_hash', '=', hashToken(sessions.expired.token))
      .execute()
    const revoke = (s: Session, mode: string) =>
      call(server, `/api/v1/devices/${s.deviceId}/revoke`, { token: admin.token, body: { mode } })
    await revoke(sessions.revokedWipe, 'wipe_after_upload')
    await revoke(sessions.revokedBlock, 'block')
    await call(server, `/api/v1/users/${sessions.disabled.user.id}`, {
      method: 'PATCH',
      token: admin.token,
      body: { active: false },
    })

    const registration = namedRegistration({ givenName: 'Homesite' })
    const flow = flowCount()
    await pushOk(server, registrarHome, [
      upsert('registration', registration),
      upsert('assistance', assistance(registration.id)),
    ])
    await pushOk(server, monitorHome, [upsert('flowCount', flow)])
    await pushOk(server, supervisorHome, [upsert('registration', { ...registration, caseStatus: 'assessed' }, 1)])
    const stale = upsert('registration', { ...registration, caseStatus: 'assisted' }, 1, {
      changedFields: ['caseStatus'],
    })
    expect((await pushOk(server, registrarHome, [stale])).results[0]!.status).toBe('conflict')
    const conflict = await server.db.selectFrom('conflicts').select('id').executeTakeFirstOrThrow()
    const homeDevice = randomUUID()
    await touchDevice(server.db, homeDevice, registrarHome.user.id)
    w = { sessions, homeRegistration: registration.id, homeFlowCount: flow.id, homeConflict: conflict.id, homeDevice }
  })
  afterAll(() => server.close())

  const identities: Identity[] = [...SPECIAL_IDENTITIES, ...ROLE_IDENTITIES]

  it.each(ENDPOINTS.map((e) => [`${e.method} ${e.path(PLACEHOLDERS)}`, e] as const))(
    '%s answers each caller as expected',
    async (_name, endpoint) => {
      const mismatches: string[] = []
      for (const id of identities) {
        const session = w.sessions[id]
        const answer = await call(server, endpoint.path(w), {
          method: endpoint.method,
          token: session.token,
          body: endpoint.body?.(w, session),
        })
        const [status, code] = expected(endpoint, id)
        const error = (answer.body as { error?: string }).error
        if (answer.status !== status || (code !== undefined && error !== code)) {
          mismatches.push(`${id}: ${answer.status} ${error ?? ''} (expected ${status} ${code ?? ''})`)
        }
        // a refusal says why and nothing else
        if (answer.status === 401 || answer.status === 403 || answer.status === 404) {
          expect(Object.keys(answer.body as object).every((k) => ['error', 'message', 'mode'].includes(k))).toBe(true)
        }
      }
      expect(mismatches).toEqual([])
    },
  )

  const sitesOf = (id: RoleIdentity) => (id === 'admin' ? undefined : SITES[id][1])

  it('pulls nothing of another site or of an entity the role may not read', async () => {
    for (const id of ROLE_IDENTITIES) {
      const session = w.sessions[id]
      const { changes } = await pullAll(server, session)
      const sites = sitesOf(id)
      for (const change of changes) {
        expect(canRead(session.user.role, change.entity)).toBe(true)
        if (sites) expect(sites).toContain(change.data?.siteCode)
      }
      const ids = changes.map((c) => c.recordId)
      if (id.endsWith('Other')) expect(ids).not.toContain(w.homeRegistration)
      if (id.endsWith('Other') || id === 'registrarHome') expect(ids).not.toContain(w.homeFlowCount)
      if (id === 'monitorHome') expect(ids).not.toContain(w.homeRegistration)
    }
    expect((await pull(server, w.sessions.registrarHome)).body.changes.map((c) => c.recordId)).toContain(
      w.homeRegistration,
    )
  })

  it('lists conflicts and devices of the supervisor’s sites only', async () => {
    const conflicts = (id: Identity) => call<Conflict[]>(server, '/api/v1/conflicts', { token: w.sessions[id].token })
    expect((await conflicts('supervisorHome')).body.map((c) => c.id)).toContain(w.homeConflict)
    expect((await conflicts('supervisorOther')).body).toEqual([])
    const devices = (id: Identity) => call<DeviceSummary[]>(server, '/api/v1/devices', { token: w.sessions[id].token })
    const homeUsers = new Set([w.sessions.registrarHome.user.id, w.sessions.supervisorHome.user.id])
    expect((await devices('supervisorHome')).body.map((d) => d.deviceId)).toContain(w.homeDevice)
    const other = (await devices('supervisorOther')).body
    expect(other.filter((d) => homeUsers.has(d.user.id) || d.deviceId === w.homeDevice)).toEqual([])
  })

  it('exports nothing of another site', async () => {
    for (const file of ['registration.csv', 'assistance.csv', 'flowCount.csv']) {
      const answer = await call(server, `/api/v1/export/${file}?personal=true`, {
        token: w.sessions.supervisorOther.token,
      })
      expect(answer.status).toBe(200)
      expect(String(answer.body)).not.toContain(w.homeRegistration)
      expect(String(answer.body)).not.toContain(w.homeFlowCount)
      expect(String(answer.body)).not.toContain('Homesite')
      expect(String(answer.body).trim().split('\r\n')).toHaveLength(2) // the header and HXL rows alone
    }
  })

  it('lets no one write a record of another site or an entity outside their role, and leaks none of it', async () => {
    // another site's record is as unknown as a missing one (`unavailable`); an entity outside the role is `forbidden`
    const attempts: [RoleIdentity, string, string][] = [
      ['registrarOther', 'registration', 'unavailable'],
      ['supervisorOther', 'registration', 'unavailable'],
      ['monitorHome', 'registration', 'forbidden'],
      ['registrarHome', 'flowCount', 'forbidden'],
    ]
    for (const [id, entity, code] of attempts) {
      const session = w.sessions[id]
      const record =
        entity === 'registration'
          ? namedRegistration({ id: w.homeRegistration, givenName: 'Overwritten' })
          : flowCount({ id: w.homeFlowCount })
      const answer = await push(server, session, batch(session, [upsert(entity as 'registration', record, 2)]))
      expect(answer.body.results[0]).toMatchObject({
        status: 'rejected',
        errors: [expect.objectContaining({ code })],
      })
      expect(answer.body.results[0]).not.toHaveProperty('data')
    }
  })
})
