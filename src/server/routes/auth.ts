/**
 * POST /api/v1/auth/login: no token needed, rate-limited per username and address.
 * POST /api/v1/auth/unlock (admin): clears a username's sign-in lock before its window
 * ends, for a user locked out by someone else's guesses (docs/threat-model.md).
 */
import type { FastifyInstance } from 'fastify'
import {
  loginRequestSchema,
  unlockRequestSchema,
  type LoginResponse,
  type UnlockAnswer,
} from '../../shared/schemas/auth'
import { requireRole } from '../auth/authenticate'
import { signIn } from '../auth/sign-in'
import type { ServerDeps } from '../app'
import { notFound, parseRequest } from '../http/api-error'
import { auditBy } from '../store/audit'
import { userForSignIn } from '../store/users'

export function authRoutes(app: FastifyInstance, { db, config, limiter }: ServerDeps): void {
  app.post('/auth/login', { config: { public: true } }, async (request): Promise<LoginResponse> => {
    const body = parseRequest(loginRequestSchema, request.body)
    return signIn(db, limiter, { ...body, address: request.ip }, config.tokenTtlDays)
  })

  app.post('/auth/unlock', async (request): Promise<UnlockAnswer> => {
    const auth = requireRole(request, ['admin'])
    const { username } = parseRequest(unlockRequestSchema, request.body)
    // usernames are lower-case (newUserSchema); the limits count them so
    const user = await userForSignIn(db, username.toLowerCase())
    if (!user) throw notFound(`User ${username}`)
    const cleared = await limiter.clear(user.username)
    await auditBy(db, auth, 'user_updated', user.id, { signInLock: { cleared } })
    return { username: user.username, cleared }
  })
}
