/**
 * Sign-in: the same answer and the same scrypt work for an unknown user and a bad
 * password. Answers two credentials: the token, and a push-only token for a locked device.
 * Every attempt is audited, never with the password: one refused by the limits too
 * (whoever keeps guessing after the lock leaves a trace). It names the account tried
 * when there is one; text that names no account is not written (a password typed into
 * the username field would be kept in the log), only that the username is unknown. The attempt
 * takes its slots against the limits before the hash (rate-limit.ts): a 429 costs no scrypt.
 * A device blocked for this user (a stolen phone) gets no new token, even with the right
 * password: 401 `device_revoked`, as every other call of that pair answers. A disabled
 * account with the right password answers 401 `account_disabled`, as its tokens do: its
 * owner must not be told the password is wrong. The attempt still counts against the
 * limits, so a guesser gains no tries from it.
 */
import type { LoginRequest, LoginResponse } from '../../shared/schemas/auth'
import type { Db } from '../db/open'
import { ApiError } from '../http/api-error'
import { audit } from '../store/audit'
import { caseCodeFor } from '../store/case-codes'
import { knownDeviceName, revocationOf, touchDevice } from '../store/devices'
import { issueToken } from '../store/tokens'
import { toSessionUser, userForSignIn } from '../store/users'
import { verifyDecoy, verifyPassword } from './password'
import type { SignInLimiter } from './rate-limit'

type SignInFailure = 'too_many_attempts' | 'invalid_credentials' | 'account_disabled' | 'device_revoked'

export async function signIn(
  db: Db,
  limiter: SignInLimiter,
  request: LoginRequest & { address: string },
  tokenTtlDays: number,
): Promise<LoginResponse> {
  const failed = (reason: SignInFailure, known: boolean) =>
    audit(db, {
      action: 'sign_in_failed',
      actorUserId: null,
      deviceId: request.deviceId,
      target: known ? request.username : null,
      details: { address: request.address, reason, ...(known ? {} : { unknownUser: true }) },
    })
  const slot = await limiter.take(request.username, request.address).catch(async (error: unknown) => {
    // a refusal by the limits is an attempt; the database failing is not one to audit
    if (error instanceof ApiError && error.statusCode === 429) {
      await failed('too_many_attempts', (await userForSignIn(db, request.username)) !== undefined)
    }
    throw error
  })
  const user = await userForSignIn(db, request.username)
  const ok = user ? await verifyPassword(request.password, user.passwordHash) : await verifyDecoy(request.password)
  if (!user || !ok) {
    // the slots stay taken: they are this failure
    await failed('invalid_credentials', user !== undefined)
    throw new ApiError(401, 'invalid_credentials', 'Wrong username or password')
  }
  if (!user.active) {
    // the slots stay taken too: no token comes of it, and the limits stay the same for everyone
    await failed('account_disabled', true)
    throw new ApiError(401, 'account_disabled', 'This account was disabled')
  }
  if ((await revocationOf(db, request.deviceId, user.id)) === 'block') {
    // the password was right: the slots are released as a good attempt's, the token withheld
    await limiter.succeeded(slot)
    await failed('device_revoked', true)
    throw new ApiError(401, 'device_revoked', 'This device was revoked', { mode: 'block' })
  }
  await limiter.succeeded(slot)
  const now = new Date()
  const { token, expiresAt } = await issueToken(db, user.id, request.deviceId, tokenTtlDays, now)
  const push = await issueToken(db, user.id, request.deviceId, tokenTtlDays, now, 'push')
  // a name given at this sign-in replaces the pair's earlier one; none keeps it, or takes
  // the name the phone was given by another user (a shared phone keeps its name in Devices)
  const deviceName = request.deviceName ?? (await knownDeviceName(db, request.deviceId, user.id))
  const named = deviceName ? { device_name: deviceName } : {}
  await touchDevice(db, request.deviceId, user.id, named)
  const caseCode = await caseCodeFor(db, request.deviceId, user.id)
  await audit(db, {
    action: 'sign_in',
    actorUserId: user.id,
    deviceId: request.deviceId,
    target: user.username,
    details: { address: request.address },
  })
  return {
    token,
    expiresAt,
    pushToken: push.token,
    pushTokenExpiresAt: push.expiresAt,
    caseCode,
    user: toSessionUser(user),
  }
}
