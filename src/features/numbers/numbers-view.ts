/**
 * One Numbers view: the answers of the stats endpoints for one query, with when they
 * were fetched. Fetched all at once, parsed with the shared stats schemas; the same
 * schema reads back the view kept on the phone.
 */
import { z } from 'zod'
import type { AdminApi, AdminProblem } from '@/sync/admin-api'
import { daySchema, siteCodeSchema, timestampSchema } from '@/shared/schemas/common'
import {
  assistanceStatsSchema,
  avrrStatsSchema,
  flowDayStatsSchema,
  flowDayStatusSchema,
  flowNationalityStatsSchema,
  flowTransportStatsSchema,
  openReferralStatsSchema,
  registrationStatsSchema,
} from '@/shared/schemas/stats'
import { queryParams, type NumbersQuery } from './numbers-query'

/** Each part of a view: the endpoint (after /stats/) and the schema of its answer. */
const PARTS = {
  flows: { path: 'flows', schema: flowDayStatsSchema, by: true },
  nationality: { path: 'flows/nationality', schema: flowNationalityStatsSchema, by: false },
  transport: { path: 'flows/transport', schema: flowTransportStatsSchema, by: false },
  registrations: { path: 'registrations', schema: registrationStatsSchema, by: false },
  assistance: { path: 'assistance', schema: assistanceStatsSchema, by: false },
  referrals: { path: 'referrals/open', schema: openReferralStatsSchema, by: false },
  avrr: { path: 'avrr', schema: avrrStatsSchema, by: false },
} as const
type Part = keyof typeof PARTS

export const numbersViewSchema = z.object({
  v: z.literal(1),
  query: z.object({ from: daySchema, to: daySchema, sites: z.array(siteCodeSchema) }),
  fetchedAt: timestampSchema,
  flows: PARTS.flows.schema.shape.rows,
  /** The days an FMP was recorded closed or without flow (a view kept before them has none). */
  dayStatuses: z.array(flowDayStatusSchema).default([]),
  nationality: PARTS.nationality.schema.shape.rows,
  transport: PARTS.transport.schema.shape.rows,
  registrations: PARTS.registrations.schema.shape.rows,
  assistance: PARTS.assistance.schema.shape.rows,
  referrals: PARTS.referrals.schema.shape.rows,
  avrr: PARTS.avrr.schema.shape.rows,
})
export type NumbersView = z.infer<typeof numbersViewSchema>

export type FetchResult = { ok: true; view: NumbersView } | { ok: false; problem: AdminProblem }

/** The problem to show when several calls failed: what the user can act on first, "offline" last. */
const RANK: Record<AdminProblem['kind'], number> = {
  unauthenticated: 0,
  forbidden: 1,
  invalid: 2,
  wrong_password: 3,
  not_found: 4,
  conflict: 5,
  server: 6,
  offline: 7,
}

/** Fetches every part of the view for `query`; one failure fails the whole view (no half-figures). */
export async function fetchNumbers(api: AdminApi, query: NumbersQuery, now = () => new Date()): Promise<FetchResult> {
  const params = queryParams(query)
  const withBy = new URLSearchParams(params)
  withBy.set('by', 'day')
  const parts = Object.keys(PARTS) as Part[]
  const answers = await Promise.all(
    parts.map((part) => {
      const { path, schema, by } = PARTS[part]
      return api.stats(path, by ? withBy : params, schema as z.ZodType<{ rows: unknown[] }>)
    }),
  )
  const problems = answers.flatMap((answer) => (answer.ok ? [] : [answer.problem]))
  if (problems.length > 0) return { ok: false, problem: problems.sort((a, b) => RANK[a.kind] - RANK[b.kind])[0]! }
  const values = answers.map((answer) => (answer as { value: { rows: unknown[]; dayStatuses?: unknown[] } }).value)
  const rows = Object.fromEntries(parts.map((part, i) => [part, values[i]!.rows]))
  const dayStatuses = values[parts.indexOf('flows')]!.dayStatuses
  const view = numbersViewSchema.safeParse({ v: 1, query, fetchedAt: now().toISOString(), ...rows, dayStatuses })
  return view.success ? { ok: true, view: view.data } : { ok: false, problem: { kind: 'server', status: 0 } }
}
