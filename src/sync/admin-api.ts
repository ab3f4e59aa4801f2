/**
 * The admin and supervisor API (users, devices, sites) over fetch. These actions are
 * online only: nothing is queued. Every answer is parsed with the shared schemas and
 * every failure becomes an `AdminProblem` the screens can put in words.
 */
import { z } from 'zod'
import { userSchema, type NewUser, type User, type UserPatch } from '@/shared/schemas/auth'
import { deviceSummarySchema, type DeviceSummary, type RevokeMode, type RevokeRequest } from '@/shared/schemas/devices'
import { siteSchema, type NewSite, type SitePatch } from '@/shared/schemas/site'
import { apiErrorSchema, fieldErrorSchema, type FieldError } from '@/shared/schemas/sync'
import { withAppVersion } from './app-version'

export type AdminProblem =
  /** No answer, or not the API's (a captive portal, a service worker's fallback page). */
  | { kind: 'offline' }
  /** 401: the session ended or this device was revoked. */
  | { kind: 'unauthenticated' }
  /** 403: the role may not do this. */
  | { kind: 'forbidden' }
  /** 403 `wrong_password`: changing one's own passphrase, the current one was not right. */
  | { kind: 'wrong_password' }
  /** 400 with the server's field errors. */
  | { kind: 'invalid'; issues: FieldError[] }
  /** 409: `already_exists`, `last_admin`… */
  | { kind: 'conflict'; error: string }
  | { kind: 'not_found' }
  | { kind: 'server'; status: number }

export type AdminResult<T> = { ok: true; value: T } | { ok: false; problem: AdminProblem }

export interface AdminApiOptions {
  getToken(): string
  /** Default '' (same origin). */
  baseUrl?: string
  fetch?: typeof fetch
  timeoutMs?: number
}

const invalidBodySchema = apiErrorSchema.extend({ issues: z.array(fieldErrorSchema).optional() })
const revokeAnswerSchema = z.looseObject({
  deviceId: z.string(),
  mode: z.string(),
  revokedAt: z.string().optional(),
})

export function createAdminApi(opts: AdminApiOptions) {
  async function call<T>(path: string, init: RequestInit, schema: z.ZodType<T>): Promise<AdminResult<T>> {
    const doFetch = opts.fetch ?? globalThis.fetch.bind(globalThis)
    const abort = new AbortController()
    const timer = setTimeout(() => abort.abort(), opts.timeoutMs ?? 60_000)
    let res: Response
    let text: string
    try {
      res = await doFetch(`${opts.baseUrl ?? ''}${path}`, {
        ...init,
        headers: withAppVersion({
          Authorization: `Bearer ${opts.getToken()}`,
          ...(init.body ? { 'Content-Type': 'application/json' } : {}),
        }),
        cache: 'no-store',
        signal: abort.signal,
      })
      text = await res.text()
    } catch {
      return { ok: false, problem: { kind: 'offline' } }
    } finally {
      clearTimeout(timer)
    }
    const json = parseJson(text)
    if (res.ok) {
      const parsed = schema.safeParse(json)
      return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: { kind: 'server', status: 0 } }
    }
    const body = invalidBodySchema.safeParse(json)
    // an error page that is not the API's JSON: something between us and the server answered
    if (!body.success)
      return { ok: false, problem: res.status >= 500 ? serverProblem(res.status) : { kind: 'offline' } }
    return { ok: false, problem: problemOf(res.status, body.data.error, body.data.issues ?? []) }
  }

  const send = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) })

  return {
    listUsers: () => call('/api/v1/users', {}, z.array(userSchema)),
    createUser: (user: NewUser) => call('/api/v1/users', send('POST', user), userSchema),
    updateUser: (id: string, patch: UserPatch) =>
      call(`/api/v1/users/${encodeURIComponent(id)}`, send('PATCH', patch), userSchema),
    /** An admin sets someone else's passphrase (204, no body). */
    resetPassword: (id: string, password: string) =>
      call(`/api/v1/users/${encodeURIComponent(id)}/password`, send('POST', { password }), z.unknown()),
    /** The signed-in user changes their own passphrase: the current one is required (204, no body). */
    changeOwnPassword: (id: string, currentPassword: string, password: string) =>
      call(
        `/api/v1/users/${encodeURIComponent(id)}/password`,
        send('POST', { currentPassword, password }),
        z.unknown(),
      ),
    listDevices: () => call('/api/v1/devices', {}, z.array(deviceSummarySchema)),
    /** Revokes one (device, user) pair: the device id alone may be shared with other users, even other sites'. */
    revokeDevice: (deviceId: string, userId: string, mode: RevokeMode) =>
      call(
        `/api/v1/devices/${encodeURIComponent(deviceId)}/revoke`,
        send('POST', { mode, userId } satisfies RevokeRequest),
        revokeAnswerSchema,
      ),
    listSites: () => call('/api/v1/sites', {}, z.array(siteSchema)),
    createSite: (site: NewSite) => call('/api/v1/sites', send('POST', site), siteSchema),
    updateSite: (code: string, patch: SitePatch) =>
      call(`/api/v1/sites/${encodeURIComponent(code)}`, send('PATCH', patch), siteSchema),
    /** GET /api/v1/stats/<path>?<query> (supervisors and admins), read with the shared stats schema. */
    stats: <T>(path: string, query: URLSearchParams, schema: z.ZodType<T>) =>
      call(`/api/v1/stats/${path}?${query.toString()}`, {}, schema),
  }
}

export type AdminApi = ReturnType<typeof createAdminApi>
export type { DeviceSummary, User }

function problemOf(status: number, error: string, issues: FieldError[]): AdminProblem {
  if (status === 400) return { kind: 'invalid', issues }
  if (status === 401) return { kind: 'unauthenticated' }
  if (status === 403) return error === 'wrong_password' ? { kind: 'wrong_password' } : { kind: 'forbidden' }
  if (status === 404) return { kind: 'not_found' }
  if (status === 409) return { kind: 'conflict', error }
  return serverProblem(status)
}

const serverProblem = (status: number): AdminProblem => ({ kind: 'server', status })

function parseJson(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
