/** Conflicts (supervisors and admins): GET /api/v1/conflicts and POST /api/v1/conflicts/<id>/resolve. */
import type { FastifyInstance } from 'fastify'
import {
  conflictListQuerySchema,
  conflictParamsSchema,
  resolveConflictRequestSchema,
  type Conflict,
  type ResolveConflictResponse,
} from '../../shared/schemas/conflicts'
import { mayUseSite } from '../../shared/roles'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import { notFound, parseRequest } from '../http/api-error'
import { auditBy } from '../store/audit'
import { conflictSite, listConflicts, resolveConflict } from '../store/conflicts'

export function conflictRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  app.get('/conflicts', { exposeHeadRoute: false }, async (request): Promise<Conflict[]> => {
    const auth = requireRole(request, ['supervisor', 'admin'])
    const query = parseRequest(conflictListQuerySchema, request.query)
    const conflicts = await listConflicts(db, auth.user, query)
    // conflicts carry both versions of case files: each read is audited, with counts
    await auditBy(db, auth, 'conflicts_read', null, { status: query.status, count: conflicts.length })
    return conflicts
  })

  app.post('/conflicts/:id/resolve', async (request): Promise<ResolveConflictResponse> => {
    const auth = requireRole(request, ['supervisor', 'admin'])
    const { id } = parseRequest(conflictParamsSchema, request.params)
    // a conflict at another site is as unknown as one that does not exist, whatever the body
    const site = await conflictSite(db, id)
    if (site === undefined || !mayUseSite(auth.user, site)) throw notFound(`Conflict ${id}`)
    const body = parseRequest(resolveConflictRequestSchema, request.body)
    const resolved = await resolveConflict(db, { user: auth.user, deviceId: auth.deviceId }, id, body)
    await auditBy(db, auth, 'conflict_resolved', resolved.id, {
      choice: resolved.choice,
      entity: resolved.entity,
      recordId: resolved.recordId,
      rev: resolved.rev,
    })
    return resolved
  })
}
