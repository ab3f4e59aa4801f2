/**
 * GET /api/v1/export/<entity>.csv and .xlsx (supervisors and admins, their sites;
 * `?sites=A,B` narrows them): non-personal columns with HXL tags; `?personal=true` adds
 * the personal columns (untagged) and the record ids; `?from=&to=` (days in Niger,
 * both included, either optional) keeps the records of those days, by each entity's date
 * (schemas/export.ts, EXPORT_DATE; registrations without personal data: their whole
 * months); `?lang=fr` names the seed sites in that language. Streamed, with no row cap. Every export is audited
 * before its first byte, with whether it held personal columns, its format, sites and
 * days; its row count is not known then (`rows: "streamed"`) and goes to the server log
 * when the stream ends.
 */
import type { FastifyInstance } from 'fastify'
import { ENTITIES } from '../../shared/schemas/entities'
import { recordExportQuerySchema } from '../../shared/schemas/export'
import { siteDay } from '../../shared/site-time'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import { notFound, parseRequest } from '../http/api-error'
import { wholeMonths } from '../export/anonymous-registrations'
import { entityExportTable } from '../export/entity-export'
import { exportSiteScope } from '../export/export-scope'
import { EXPORT_FORMATS, sendExport, type ExportFormat } from '../export/send-export'
import { auditBy } from '../store/audit'

const FILE = new RegExp(`^(${ENTITIES.join('|')})\\.(${EXPORT_FORMATS.join('|')})$`)

export function exportRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  // no HEAD: Fastify would answer it by running the export and reading every row to nowhere
  app.get<{ Params: { file: string } }>('/export/:file', { exposeHeadRoute: false }, async (request, reply) => {
    const auth = requireRole(request, ['supervisor', 'admin'])
    const match = FILE.exec(request.params.file)
    const entity = ENTITIES.find((name) => match?.[1] === name)
    if (entity === undefined || match === null) throw notFound(`Export ${request.params.file}`)
    const format = match[2] as ExportFormat
    const query = parseRequest(recordExportQuerySchema, request.query)
    const personal = query.personal === 'true'
    const sites = exportSiteScope(auth.user, query.sites)
    const asked = { from: query.from, to: query.to }
    // registrations without personal data go by whole months (anonymous-registrations.ts)
    const days = entity === 'registration' && !personal ? wholeMonths(asked) : asked
    // audited before a byte leaves: an export that cannot be audited is not sent
    await auditBy(db, auth, 'export', entity, { personal, format, rows: 'streamed', sites, ...days })
    const table = await entityExportTable(db, { entity, personal, sites, days, lang: query.lang })
    // the day in Niger (as every day of the data), not the server's UTC date
    const day = siteDay()
    const range = `${days.from ? `-from-${days.from}` : ''}${days.to ? `-to-${days.to}` : ''}`
    return sendExport(request, reply, table, {
      format,
      baseName: `relais-${entity}${personal ? '-personal' : ''}${range}-${day}`,
      sheetName: entity,
    })
  })
}
