/** GET /api/v1/quarantine (supervisors and admins): records taken out of pulls because they no longer parsed. */
import type { FastifyInstance } from 'fastify'
import type { QuarantineList } from '../../shared/schemas/quarantine'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import { listQuarantined } from '../store/quarantine'

export function quarantineRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  app.get('/quarantine', async (request): Promise<QuarantineList> => {
    const { user } = requireRole(request, ['supervisor', 'admin'])
    return { records: await listQuarantined(db, user) }
  })
}
