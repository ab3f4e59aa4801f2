/** Sign-in: the same answer and the same scrypt work for an unknown user and a bad password. */
import type { LoginRequest, LoginResponse } from '../../shared/schemas/auth'
import type { Db } from '../db/open'
import { ApiError } from '../http/api-error'
import { touchDevice } from '../store/devices'
import { issueToken } from '../store/tokens'
import { toSessionUser, userForSignIn } from '../store/users'
import { verifyDecoy, verifyPassword } from './password'
import type { SignInLimiter } from './rate-limit'

export async function signIn(
  db: Db,
  limiter: SignInLimiter,
  request: LoginRequest & { address: string },
  tokenTtlDays: number,
): Promise<LoginResponse> {
  const retryAfter = limiter.retryAfter(request.username, request.address)
  if (retryAfter > 0) {
    throw new ApiError(429, 'too_many_attempts', 'Too many failed sign-ins; try again later', { retryAfter })
  }
  const user = await userForSignIn(db, request.username)
  const ok = user ? await verifyPassword(request.password, user.passwordHash) : await verifyDecoy(request.password)
  if (!user || !ok || !user.active) {
    limiter.recordFailure(request.username, request.address)
    throw new ApiError(401, 'invalid_credentials', 'Wrong username or password')
  }
  limiter.recordSuccess(request.username)
  const { token, expiresAt } = await issueToken(db, user.id, request.deviceId, tokenTtlDays)
  await touchDevice(db, request.deviceId, user.id)
  return { token, expiresAt, user: toSessionUser(user) }
}
