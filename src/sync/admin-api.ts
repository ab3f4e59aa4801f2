/**
 * The admin and supervisor API (users, devices, sites) over fetch. These actions are
 * online only: nothing is queued. Every answer is parsed with the shared schemas and
 * every failure becomes an `AdminProblem` the screens can put in words.
 */
import { z } from 'zod'
import {
  signInLockSchema,
  unlockAnswerSchema,
  userSchema,
  type NewUser,
  type User,
  type UserPatch,
} from '@/shared/schemas/auth'
import { deviceSummarySchema, type DeviceSummary, type RevokeMode, type RevokeRequest } from '@/shared/schemas/devices'
import { siteSchema, type NewSite, type SitePatch } from '@/shared/schemas/site'
import { createApiCall, type ApiOptions } from './api-call'

export type { AdminProblem, AdminResult } from './api-call'

export type AdminApiOptions = ApiOptions

const revokeAnswerSchema = z.looseObject({
  deviceId: z.string(),
  mode: z.string(),
  revokedAt: z.string().optional(),
})

export function createAdminApi(opts: AdminApiOptions) {
  const call = createApiCall(opts)
  const send = (method: string, body: unknown): RequestInit => ({ method, body: JSON.stringify(body) })

  return {
    listUsers: () => call('/api/v1/users', {}, z.array(userSchema)),
    createUser: (user: NewUser) => call('/api/v1/users', send('POST', user), userSchema),
    updateUser: (id: string, patch: UserPatch) =>
      call(`/api/v1/users/${encodeURIComponent(id)}`, send('PATCH', patch), userSchema),
    /** An admin sets someone else's passphrase (204, no body). */
    resetPassword: (id: string, password: string) =>
      call(`/api/v1/users/${encodeURIComponent(id)}/password`, send('POST', { password }), z.unknown()),
    /** Whether wrong passwords lock the user out of signing in, and until when. */
    signInLock: (id: string) => call(`/api/v1/users/${encodeURIComponent(id)}/sign-in-lock`, {}, signInLockSchema),
    /** Lifts a username's sign-in lock before it ends by itself. */
    unlockSignIn: (username: string) => call('/api/v1/auth/unlock', send('POST', { username }), unlockAnswerSchema),
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
