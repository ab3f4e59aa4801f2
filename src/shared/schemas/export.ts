/**
 * The query of a record export (GET /api/v1/export/<entity>.csv and .xlsx, docs/api.md,
 * Exports): the personal columns, the sites and an optional range of days. The server
 * checks it; the Exports screen checks the days with the same rules before asking.
 */
import { z } from 'zod'
import { addRuleIssue } from './rule-issue'
import { plannedDaySchema, siteCodeSchema } from './common'
import type { Entity } from './entities'

/** The most sites a query may name. */
export const MAX_EXPORT_SITES = 500

/** `sites=A,B` (repeated `sites=` are joined): narrows the export to these of the caller's sites. */
const siteListSchema = z
  .union([z.string().max(20_000), z.array(z.string().max(20_000)).max(MAX_EXPORT_SITES)])
  .transform((value) => (Array.isArray(value) ? value.join(',') : value).split(','))
  .pipe(z.array(siteCodeSchema).min(1).max(MAX_EXPORT_SITES))

/**
 * The days of a record export: both optional, both included, local days in Niger
 * (Africa/Niamey) as every day of the data; each from 1900 to 2100, `from ≤ to`.
 */
export const exportDaysShape = {
  from: plannedDaySchema.optional(),
  to: plannedDaySchema.optional(),
}

function checkOrder(days: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (days.from !== undefined && days.to !== undefined && days.from > days.to) {
    addRuleIssue(ctx, 'date_order', ['to'], 'The end date is before the start date')
  }
}

export const exportDaysSchema = z.object(exportDaysShape).superRefine(checkOrder)
export type ExportDays = z.infer<typeof exportDaysSchema>

/** A language code (`fr`, `ar`, `ha`): what an export names the seed sites in (seed-site-names.ts). */
export const exportLangSchema = z.string().regex(/^[a-z]{2,3}$/)

/** GET /api/v1/export/aggregate/<name> takes it beside the stats query (additive). */
export const aggregateExportLangSchema = z.object({ lang: exportLangSchema.optional() })

export const recordExportQuerySchema = z
  .object({
    personal: z.enum(['true', 'false']).default('false'),
    sites: siteListSchema.optional(),
    ...exportDaysShape,
    /**
     * Additive: the user's language (`fr`, `ar`…): the seed sites' names are written in it
     * (seed-site-names.ts). Column headers and coded values stay the same in every
     * language, for the scripts that read them.
     */
    lang: exportLangSchema.optional(),
  })
  .superRefine(checkOrder)
export type RecordExportQuery = z.infer<typeof recordExportQuerySchema>

/**
 * The date of each entity that a range of days picks its records by (data-model.md):
 * a day field is compared as it is; a time by its day in Niger; an FMP status by its
 * period, kept when the period overlaps the days.
 */
export const EXPORT_DATE = {
  registration: { day: 'registeredOn' },
  assistance: { day: 'providedOn' },
  referral: { day: 'sentOn' },
  survey: { day: 'interviewedOn' },
  flowCount: { time: 'observedAt' },
  caseEvent: { time: 'at' },
  fmpStatus: { period: ['from', 'to'] },
} as const satisfies Record<Entity, { day: string } | { time: string } | { period: readonly [string, string] }>
