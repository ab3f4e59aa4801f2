/** POST /api/v1/auth/login: no token needed, rate-limited per username and address. */
import type { FastifyInstance } from 'fastify'
import { loginRequestSchema, type LoginResponse } from '../../shared/schemas/auth'
import { signIn } from '../auth/sign-in'
import type { ServerDeps } from '../app'
import { parseRequest } from '../http/api-error'

export function authRoutes(app: FastifyInstance, { db, config, limiter }: ServerDeps): void {
  app.post('/auth/login', { config: { public: true } }, async (request): Promise<LoginResponse> => {
    const body = parseRequest(loginRequestSchema, request.body)
    return signIn(db, limiter, { ...body, address: request.ip }, config.tokenTtlDays)
  })
}
