/** GET /api/v1/audit?limit&before (admin): the audit log, newest first. */
import type { FastifyInstance } from 'fastify'
import { auditQuerySchema, type AuditPage } from '../../shared/schemas/audit'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import { parseRequest } from '../http/api-error'
import { listAudit } from '../store/audit'

export function auditRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  app.get('/audit', async (request): Promise<AuditPage> => {
    requireRole(request, ['admin'])
    return listAudit(db, parseRequest(auditQuerySchema, request.query))
  })
}
