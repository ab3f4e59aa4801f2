/**
 * Bearer authentication for /api/v1 (sync-protocol.md, Authentication). It runs on
 * request, before the body is read, so that no body is parsed for a stranger.
 * A device revoked with `wipe_after_upload` may still push; routes opt in with
 * `config: { allowWipeAfterUpload: true }`. A push-only token is refused everywhere
 * but routes with `config: { allowPushOnly: true }` (push alone): 403 `push_only`.
 * Checks, in order: a known token (401 unauthenticated), the token's (device, user)
 * pair not blocked (401 device_revoked; other users of the same device id are not
 * concerned), not expired (401 token_expired), the account active (401
 * account_disabled), the token's scope (403 push_only), then wipe_after_upload (403).
 */
import type { FastifyRequest } from 'fastify'
import type { Role, SessionUser } from '../../shared/schemas/auth'
import type { Db } from '../db/open'
import type { RevokeMode, TokenKind } from '../db/schema'
import { ApiError, forbidden } from '../http/api-error'
import { revocationOf } from '../store/devices'
import { findToken } from '../store/tokens'
import { toSessionUser, userById } from '../store/users'

export interface AuthContext {
  user: SessionUser
  deviceId: string
  tokenHash: string
  /** `push`: a push-only credential, whose push answers carry no record data. */
  tokenKind: TokenKind
  revoked: RevokeMode | undefined
}

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext | null
  }
  interface FastifyContextConfig {
    public?: boolean
    allowWipeAfterUpload?: boolean
    allowPushOnly?: boolean
  }
}

// the scheme's name is case-insensitive and may be followed by several spaces (RFC 9110, 11.1 and 11.4);
// the token is looked up exactly
const BEARER = /^bearer +([A-Za-z0-9_-]{20,100})$/i

export async function authenticate(db: Db, request: FastifyRequest): Promise<AuthContext> {
  const match = BEARER.exec(request.headers.authorization ?? '')
  const row = match?.[1] ? await findToken(db, match[1]) : undefined
  if (!row) throw new ApiError(401, 'unauthenticated', 'Sign in first')
  const revoked = await revocationOf(db, row.device_id, row.user_id)
  if (revoked === 'block') {
    throw new ApiError(401, 'device_revoked', 'This device was revoked', { mode: 'block' })
  }
  if (row.expires_at <= new Date().toISOString()) throw new ApiError(401, 'token_expired', 'Sign in again')
  const user = await userById(db, row.user_id)
  if (!user) throw new ApiError(401, 'unauthenticated', 'Sign in first')
  if (!user.active) throw new ApiError(401, 'account_disabled', 'This account was disabled')
  const tokenKind = row.kind
  if (tokenKind !== 'full' && request.routeOptions.config.allowPushOnly !== true) {
    throw new ApiError(403, 'push_only', 'This credential may only push; unlock the app and sign in')
  }
  if (revoked === 'wipe_after_upload' && request.routeOptions.config.allowWipeAfterUpload !== true) {
    throw new ApiError(403, 'device_revoked', 'This device was revoked', { mode: 'wipe_after_upload' })
  }
  return { user: toSessionUser(user), deviceId: row.device_id, tokenHash: row.token_hash, tokenKind, revoked }
}

/** The signed-in caller; route code runs only after authenticate(). */
export function caller(request: FastifyRequest): AuthContext {
  if (!request.auth) throw new ApiError(401, 'unauthenticated', 'Sign in first')
  return request.auth
}

/** The caller, when their role is one of `roles`; else 403. */
export function requireRole(request: FastifyRequest, roles: readonly Role[]): AuthContext {
  const auth = caller(request)
  if (!roles.includes(auth.user.role)) throw forbidden()
  return auth
}
