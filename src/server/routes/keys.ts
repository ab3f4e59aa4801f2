/** GET /api/v1/keys (no auth): the public keys to seal push batches to; POST /api/v1/keys/rotate (admin). */
import type { FastifyInstance } from 'fastify'
import type { ServerKey, ServerKeysResponse } from '../../shared/schemas/keys'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import { auditBy } from '../store/audit'

export function keyRoutes(app: FastifyInstance, { db, keys }: ServerDeps): void {
  app.get('/keys', { config: { public: true } }, async (): Promise<ServerKeysResponse> => ({
    keys: await keys.publicKeys(),
  }))

  app.post('/keys/rotate', async (request, reply): Promise<ServerKey> => {
    const auth = requireRole(request, ['admin'])
    const key = await keys.rotate()
    await auditBy(db, auth, 'keys_rotated', key.kid)
    reply.code(201)
    return key
  })
}
