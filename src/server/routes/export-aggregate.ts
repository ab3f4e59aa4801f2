/**
 * GET /api/v1/export/aggregate/<name>.csv and .xlsx?from&to&sites (supervisors and
 * admins): the aggregate exports (flows-daily, registrations-by-centre,
 * vulnerabilities-by-centre) over the sites
 * asked for that the caller covers, with an HXL row, streamed like the entity exports;
 * `?lang=fr` names the seed sites in that language (additive).
 * Audited before the first byte, with the range, format, sites and row count.
 */
import type { FastifyInstance } from 'fastify'
import { aggregateExportLangSchema } from '../../shared/schemas/export'
import { statsQuerySchema } from '../../shared/schemas/stats'
import type { DayRange } from '../../shared/stats/flow-figures'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import type { Db } from '../db/open'
import { notFound, parseRequest } from '../http/api-error'
import {
  flowsDailyTable,
  registrationsByCentreTable,
  vulnerabilitiesByCentreTable,
  type AggregateTable,
} from '../export/aggregate-tables'
import { EXPORT_FORMATS, sendExport, type ExportFormat } from '../export/send-export'
import { statsSites } from '../stats/scope'
import { auditBy } from '../store/audit'

type MakeAggregate = (db: Db, sites: readonly string[], range: DayRange, lang?: string) => Promise<AggregateTable>
const AGGREGATES: Record<string, MakeAggregate> = {
  'flows-daily': flowsDailyTable,
  'registrations-by-centre': registrationsByCentreTable,
  'vulnerabilities-by-centre': vulnerabilitiesByCentreTable,
}
const FILE = new RegExp(`^(${Object.keys(AGGREGATES).join('|')})\\.(${EXPORT_FORMATS.join('|')})$`)

export function aggregateExportRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  app.get<{ Params: { file: string } }>(
    '/export/aggregate/:file',
    // HEAD would run the whole export only to drop it
    { exposeHeadRoute: false },
    async (request, reply) => {
      const auth = requireRole(request, ['supervisor', 'admin'])
      const match = FILE.exec(request.params.file)
      const make = match === null ? undefined : AGGREGATES[match[1]!]
      if (match === null || make === undefined) throw notFound(`Export ${request.params.file}`)
      const name = match[1]!
      const format = match[2] as ExportFormat
      const query = parseRequest(statsQuerySchema, request.query)
      const { lang } = parseRequest(aggregateExportLangSchema, request.query)
      const sites = await statsSites(db, auth.user, query.sites)
      const range = { from: query.from, to: query.to }
      const table = await make(db, sites, range, lang)
      // audited before a byte leaves: an export that cannot be audited is not sent
      await auditBy(db, auth, 'export', `aggregate/${name}`, { format, ...range, sites, rows: table.rowCount })
      return sendExport(request, reply, table, {
        format,
        baseName: `relais-${name}-${range.from}-${range.to}`,
        sheetName: name,
      })
    },
  )
}
