/** GET /api/v1/me: the caller's role and sites as they are now (every signed-in role; additive). */
import type { FastifyInstance } from 'fastify'
import type { Access } from '../../shared/schemas/access'
import type { ServerDeps } from '../app'
import { caller } from '../auth/authenticate'

export function meRoutes(app: FastifyInstance, _deps: ServerDeps): void {
  app.get('/me', async (request): Promise<Access> => {
    const { user } = caller(request)
    return { id: user.id, role: user.role, sites: [...user.sites].sort() }
  })
}
