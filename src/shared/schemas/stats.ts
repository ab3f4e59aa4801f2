/**
 * The Numbers API (GET /api/v1/stats/…, supervisors and admins): its query and the rows
 * of each answer, one source of truth for the server, the Numbers screen and partners.
 * Flow figures (DTM tallies) are observation counts, never suppressed; person-level
 * counts (registrations, assistance, referrals, AVRR) below 5 travel as "<5".
 */
import { z } from 'zod'
import { addRuleIssue } from './rule-issue'
import { ASSISTANCE_TYPES, CASE_STATUSES, DIRECTIONS, TRANSPORT_MODES, VULNERABILITIES } from './codes'
import { countryCodeSchema, daySchema, siteCodeSchema } from './common'
import { FMP_STATUS_KINDS } from './fmp-status'

/** The longest range a query may span, both ends included (a leap year). */
export const MAX_RANGE_DAYS = 366
/** The most sites a query may name. */
export const MAX_QUERY_SITES = 500
const DAY_MS = 24 * 60 * 60 * 1000

/** Days from `from` to `to`, both included (both `YYYY-MM-DD`). */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1
}

/** `sites=A,B`: a comma-separated list of site codes (repeated `sites=` are joined). */
const siteListSchema = z
  .union([z.string().max(20_000), z.array(z.string().max(20_000)).max(MAX_QUERY_SITES)])
  .transform((value) => (Array.isArray(value) ? value.join(',') : value).split(','))
  .pipe(z.array(siteCodeSchema).min(1).max(MAX_QUERY_SITES))

const statsQueryShape = {
  /** First local day (Africa/Niamey), included. */
  from: daySchema,
  /** Last local day (Africa/Niamey), included. */
  to: daySchema,
  /** Default: every site the caller covers. Sites the caller does not cover are left out. */
  sites: siteListSchema.optional(),
}

function checkRange(query: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (query.from > query.to) {
    addRuleIssue(ctx, 'date_order', ['to'], 'The end date is before the start date')
  } else if (daysInRange(query.from, query.to) > MAX_RANGE_DAYS) {
    addRuleIssue(ctx, 'range_too_long', ['to'], `At most ${MAX_RANGE_DAYS} days at once`)
  }
}

/** The query of every stats endpoint and aggregate export: `from&to&sites`. */
export const statsQuerySchema = z.object(statsQueryShape).superRefine(checkRange)
export type StatsQuery = z.infer<typeof statsQuerySchema>
export type StatsQueryInput = z.input<typeof statsQuerySchema>

/** GET /stats/flows adds `by` (only `day` for now). */
export const flowStatsQuerySchema = z
  .object({ ...statsQueryShape, by: z.enum(['day']).default('day') })
  .superRefine(checkRange)
export type FlowStatsQuery = z.infer<typeof flowStatsQuerySchema>

/** A person-level count: an integer ≥ 5, or "<5" for 1–4 (rows of 0 are absent). */
export const SUPPRESSED = '<5'
export const suppressedCountSchema = z.union([z.int().min(5), z.literal(SUPPRESSED)])
export type SuppressedCount = z.infer<typeof suppressedCountSchema>

const count = z.int().min(0)
const flowKey = { day: daySchema, siteCode: siteCodeSchema, direction: z.enum(DIRECTIONS) }
const vulnerabilityShape = {
  unaccompaniedChildren: count,
  childrenUnder5: count,
  elderly: count,
  pregnantWomen: count,
  withDisability: count,
}

/** 1. GET /stats/flows: one row per (day, site, direction) with at least one tally. */
export const flowDayRowSchema = z.object({
  ...flowKey,
  men: count,
  women: count,
  boys: count,
  girls: count,
  total: count,
  /** How many tallies (flowCount records) the row sums. */
  tallies: z.int().min(1),
  ...vulnerabilityShape,
})
export type FlowDayRow = z.infer<typeof flowDayRowSchema>

/** 2. GET /stats/flows/nationality. */
export const flowNationalityRowSchema = z.object({ ...flowKey, country: countryCodeSchema, count: z.int().min(1) })
export type FlowNationalityRow = z.infer<typeof flowNationalityRowSchema>

/** 3. GET /stats/flows/transport. */
export const flowTransportRowSchema = z.object({
  ...flowKey,
  transport: z.enum(TRANSPORT_MODES),
  total: count,
  tallies: z.int().min(1),
})
export type FlowTransportRow = z.infer<typeof flowTransportRowSchema>

/** 4. GET /stats/flows/vulnerability. */
export const flowVulnerabilityRowSchema = z.object({ ...flowKey, ...vulnerabilityShape })
export type FlowVulnerabilityRow = z.infer<typeof flowVulnerabilityRowSchema>

/** 5. GET /stats/registrations: registered in the range, by centre, nationality and vulnerability. */
export const registrationStatsRowSchema = z.object({
  siteCode: siteCodeSchema,
  nationality: countryCodeSchema,
  vulnerable: z.boolean(),
  count: suppressedCountSchema,
})
export type RegistrationStatsRow = z.infer<typeof registrationStatsRowSchema>

/** 6. GET /stats/assistance: assistance given in the range, by type. */
export const assistanceStatsRowSchema = z.object({
  siteCode: siteCodeSchema,
  type: z.enum(ASSISTANCE_TYPES),
  count: suppressedCountSchema,
})
export type AssistanceStatsRow = z.infer<typeof assistanceStatsRowSchema>

/** How long an open referral has waited since it was sent, at `to`. */
export const WAIT_BANDS = ['0-7', '8-30', '31-90', '91+'] as const
export type WaitBand = (typeof WAIT_BANDS)[number]

/** 7. GET /stats/referrals/open: referrals pending or accepted at `to`, by days waited. */
export const openReferralStatsRowSchema = z.object({
  siteCode: siteCodeSchema,
  waited: z.enum(WAIT_BANDS),
  count: suppressedCountSchema,
})
export type OpenReferralStatsRow = z.infer<typeof openReferralStatsRowSchema>

/** 8. GET /stats/avrr: cases under assisted voluntary return, by case status. */
export const avrrStatsRowSchema = z.object({
  siteCode: siteCodeSchema,
  status: z.enum(CASE_STATUSES),
  count: suppressedCountSchema,
})
export type AvrrStatsRow = z.infer<typeof avrrStatsRowSchema>

/**
 * 9. GET /stats/registration-vulnerabilities: registered in the range, by centre and
 * vulnerability flag (a person with two flags counts in both rows). Additive.
 */
export const registrationVulnerabilityRowSchema = z.object({
  siteCode: siteCodeSchema,
  vulnerability: z.enum(VULNERABILITIES),
  count: suppressedCountSchema,
})
export type RegistrationVulnerabilityRow = z.infer<typeof registrationVulnerabilityRowSchema>

const rowsOf = <T extends z.ZodType>(row: T) => z.object({ rows: z.array(row) })
/**
 * Beside endpoint 1's rows: a day an FMP status (fmp-status.ts) touches at a site, so that
 * a day without tallies reads as closed or as no flow rather than as a day without data.
 * `closed` when a closed period touches the day, else `no_flow`. A day with tallies may
 * have one too (a post closed for part of the day).
 */
export const flowDayStatusSchema = z.object({
  day: daySchema,
  siteCode: siteCodeSchema,
  status: z.enum(FMP_STATUS_KINDS),
  /**
   * Whether the periods of `status` cover the whole day, else a part of it (the shared
   * rule, stats/fmp-day-marks.ts). Additive: an older server's answer has none.
   */
  allDay: z.boolean().optional(),
})
export type FlowDayStatus = z.infer<typeof flowDayStatusSchema>

/** `dayStatuses` came after `rows` (additive): an older server's answer has none. */
export const flowDayStatsSchema = z.object({
  rows: z.array(flowDayRowSchema),
  dayStatuses: z.array(flowDayStatusSchema).optional(),
})
export const flowNationalityStatsSchema = rowsOf(flowNationalityRowSchema)
export const flowTransportStatsSchema = rowsOf(flowTransportRowSchema)
export const flowVulnerabilityStatsSchema = rowsOf(flowVulnerabilityRowSchema)
export const registrationStatsSchema = rowsOf(registrationStatsRowSchema)
export const assistanceStatsSchema = rowsOf(assistanceStatsRowSchema)
export const openReferralStatsSchema = rowsOf(openReferralStatsRowSchema)
export const avrrStatsSchema = rowsOf(avrrStatsRowSchema)
export const registrationVulnerabilityStatsSchema = rowsOf(registrationVulnerabilityRowSchema)
export type FlowDayStats = z.infer<typeof flowDayStatsSchema>
export type FlowNationalityStats = z.infer<typeof flowNationalityStatsSchema>
export type FlowTransportStats = z.infer<typeof flowTransportStatsSchema>
export type FlowVulnerabilityStats = z.infer<typeof flowVulnerabilityStatsSchema>
export type RegistrationStats = z.infer<typeof registrationStatsSchema>
export type AssistanceStats = z.infer<typeof assistanceStatsSchema>
export type OpenReferralStats = z.infer<typeof openReferralStatsSchema>
export type AvrrStats = z.infer<typeof avrrStatsSchema>
export type RegistrationVulnerabilityStats = z.infer<typeof registrationVulnerabilityStatsSchema>

/** A person-level count as published: "<5" for 1–4. */
export function suppress(n: number): SuppressedCount {
  return n >= 5 ? n : SUPPRESSED
}
