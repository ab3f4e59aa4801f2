/**
 * GET /api/v1/stats/… (supervisors and admins): the Numbers figures over the whole
 * dataset of the sites asked for that the caller covers (schemas/stats.ts, docs/api.md).
 * Flow figures (tallies) are observation counts, read from their daily roll-up
 * (stats/flow-rollup.ts), the days a post was recorded closed or without flow beside
 * them (stats/day-statuses.ts); the person-level ones come with
 * counts of 1–4 as "<5".
 */
import type { FastifyInstance, FastifyRequest } from 'fastify'
import {
  flowStatsQuerySchema,
  statsQuerySchema,
  type AssistanceStats,
  type AvrrStats,
  type FlowDayStats,
  type FlowNationalityStats,
  type FlowTransportStats,
  type FlowVulnerabilityStats,
  type OpenReferralStats,
  type RegistrationStats,
  type RegistrationVulnerabilityStats,
  type StatsQuery,
} from '../../shared/schemas/stats'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import { parseRequest } from '../http/api-error'
import {
  flowDayRowsOf,
  flowNationalityRowsOf,
  flowTransportRowsOf,
  flowVulnerabilityRowsOf,
} from '../stats/flow-rollup'
import { flowDayStatusesOf } from '../stats/day-statuses'
import {
  assistanceCounts,
  avrrCounts,
  openReferralCounts,
  registrationCounts,
  registrationVulnerabilityCounts,
} from '../stats/person-counts'
import { statsSites } from '../stats/scope'
import type { Db } from '../db/open'

/**
 * The range and the sites a stats request reads. The role is checked before the query
 * is: a registrar learns nothing from a 400.
 */
async function scope(db: Db, request: FastifyRequest, schema: typeof statsQuerySchema | typeof flowStatsQuerySchema) {
  const auth = requireRole(request, ['supervisor', 'admin'])
  const query: StatsQuery = parseRequest(schema, request.query)
  return { range: { from: query.from, to: query.to }, sites: await statsSites(db, auth.user, query.sites) }
}

export function statsRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  const read = (request: FastifyRequest) => scope(db, request, statsQuerySchema)
  const readFlows = (request: FastifyRequest) => scope(db, request, flowStatsQuerySchema)

  app.get('/stats/flows', async (request): Promise<FlowDayStats> => {
    const { sites, range } = await readFlows(request)
    const [rows, dayStatuses] = await Promise.all([
      flowDayRowsOf(db, sites, range),
      flowDayStatusesOf(db, sites, range),
    ])
    return { rows, dayStatuses }
  })
  app.get('/stats/flows/nationality', async (request): Promise<FlowNationalityStats> => {
    const { sites, range } = await read(request)
    return { rows: await flowNationalityRowsOf(db, sites, range) }
  })
  app.get('/stats/flows/transport', async (request): Promise<FlowTransportStats> => {
    const { sites, range } = await read(request)
    return { rows: await flowTransportRowsOf(db, sites, range) }
  })
  app.get('/stats/flows/vulnerability', async (request): Promise<FlowVulnerabilityStats> => {
    const { sites, range } = await read(request)
    return { rows: await flowVulnerabilityRowsOf(db, sites, range) }
  })
  app.get('/stats/registrations', async (request): Promise<RegistrationStats> => {
    const { sites, range } = await read(request)
    return { rows: await registrationCounts(db, sites, range) }
  })
  app.get('/stats/registration-vulnerabilities', async (request): Promise<RegistrationVulnerabilityStats> => {
    const { sites, range } = await read(request)
    return { rows: await registrationVulnerabilityCounts(db, sites, range) }
  })
  app.get('/stats/assistance', async (request): Promise<AssistanceStats> => {
    const { sites, range } = await read(request)
    return { rows: await assistanceCounts(db, sites, range) }
  })
  app.get('/stats/referrals/open', async (request): Promise<OpenReferralStats> => {
    const { sites, range } = await read(request)
    return { rows: await openReferralCounts(db, sites, range) }
  })
  app.get('/stats/avrr', async (request): Promise<AvrrStats> => {
    const { sites, range } = await read(request)
    return { rows: await avrrCounts(db, sites, range) }
  })
}
