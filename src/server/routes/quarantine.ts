/** GET /api/v1/quarantine (supervisors and admins): records taken out of pulls because they no longer parsed. */
import type { FastifyInstance } from 'fastify'
import type { QuarantineList } from '../../shared/schemas/quarantine'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import { auditBy } from '../store/audit'
import { namedCases } from '../store/problem-subjects'
import { listQuarantined } from '../store/quarantine'

export function quarantineRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  app.get('/quarantine', { exposeHeadRoute: false }, async (request): Promise<QuarantineList> => {
    const auth = requireRole(request, ['supervisor', 'admin'])
    const records = await listQuarantined(db, auth.user)
    // an entry names the case it belongs to: a read of case files, audited with counts
    const named = namedCases(records.flatMap((r) => (r.subject ? [r.subject] : [])))
    if (named > 0) await auditBy(db, auth, 'records_read', null, { registration: named })
    return { records }
  })
}
