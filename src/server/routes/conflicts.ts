/** Conflicts (supervisors and admins): GET /api/v1/conflicts and POST /api/v1/conflicts/<id>/resolve. */
import type { FastifyInstance } from 'fastify'
import {
  conflictListQuerySchema,
  resolveConflictRequestSchema,
  type Conflict,
  type ResolveConflictResponse,
} from '../../shared/schemas/conflicts'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import { parseRequest } from '../http/api-error'
import { listConflicts, resolveConflict } from '../store/conflicts'

export function conflictRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  app.get('/conflicts', async (request): Promise<Conflict[]> => {
    const { user } = requireRole(request, ['supervisor', 'admin'])
    return listConflicts(db, user, parseRequest(conflictListQuerySchema, request.query))
  })

  app.post<{ Params: { id: string } }>('/conflicts/:id/resolve', async (request): Promise<ResolveConflictResponse> => {
    const { user, deviceId } = requireRole(request, ['supervisor', 'admin'])
    const body = parseRequest(resolveConflictRequestSchema, request.body)
    return resolveConflict(db, { user, deviceId }, request.params.id, body)
  })
}
