/**
 * GET /api/v1/export/<entity>.csv (supervisors and admins, their sites): non-personal
 * columns with HXL tags; `?personal=true` adds personal columns, untagged. Every export
 * is audited, with whether it held personal columns.
 */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { ENTITIES } from '../../shared/schemas/entities'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import { notFound, parseRequest } from '../http/api-error'
import { exportCsv } from '../export/export-csv'
import { auditBy } from '../store/audit'

const exportQuerySchema = z.object({ personal: z.enum(['true', 'false']).default('false') })
const FILE = new RegExp(`^(${ENTITIES.join('|')})\\.csv$`)

export function exportRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  app.get<{ Params: { file: string } }>('/export/:file', async (request, reply) => {
    const auth = requireRole(request, ['supervisor', 'admin'])
    const entity = ENTITIES.find((name) => FILE.exec(request.params.file)?.[1] === name)
    if (entity === undefined) throw notFound(`Export ${request.params.file}`)
    const personal = parseRequest(exportQuerySchema, request.query).personal === 'true'
    const { csv, rows } = await exportCsv(db, auth.user, entity, { personal })
    // audited before a byte leaves: an export that cannot be audited is not sent
    await auditBy(db, auth, 'export', entity, {
      personal,
      rows,
      sites: auth.user.role === 'admin' ? 'all' : auth.user.sites,
    })
    const day = new Date().toISOString().slice(0, 10)
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="relais-${entity}${personal ? '-personal' : ''}-${day}.csv"`)
      .send(csv)
  })
}
