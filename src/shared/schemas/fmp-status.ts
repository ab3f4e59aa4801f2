/**
 * "The FMP was closed, or open with no flow, during this period" (DTM). Recorded by the
 * FMP's monitors and synced like any record, so that a day without tallies reads as
 * closed or as a day with no flow rather than as a day without data. No personal data:
 * a site, a period, a kind, and an optional reason.
 */
import { z } from 'zod'
import { addRuleIssue, recordRule, type RecordRule } from './rule-issue'
import { eventTimestampSchema, paragraphsSchema, recordMetaShape } from './common'

/** `closed`: nobody counted (the post was shut); `no_flow`: monitors were there, nobody passed. */
export const FMP_STATUS_KINDS = ['closed', 'no_flow'] as const
export type FmpStatusKind = (typeof FMP_STATUS_KINDS)[number]

/** The longest period one record may cover (a longer closure is recorded again). */
export const MAX_STATUS_PERIOD_DAYS = 31
const DAY_MS = 24 * 60 * 60 * 1000

export const fmpStatusSchema = z
  .strictObject({
    ...recordMetaShape,
    kind: z.enum(FMP_STATUS_KINDS),
    /** Start of the period (included). */
    from: eventTimestampSchema,
    /** End of the period (excluded); may reach the end of the site's day, tomorrow at the latest. */
    to: eventTimestampSchema,
    reason: paragraphsSchema(500).optional(),
  })
  .superRefine((status, ctx) => {
    for (const { rule, path, message } of statusProblems(status)) addRuleIssue(ctx, rule, path, message)
  })

export type FmpStatus = z.infer<typeof fmpStatusSchema>

/** The period rules, in words (GET /api/v1/schema): statusProblems checks them. */
export const FMP_STATUS_RULES = {
  order: recordRule('period_order', ['to', 'from'], 'to is after from'),
  length: recordRule('period_too_long', ['to', 'from'], `to is at most ${MAX_STATUS_PERIOD_DAYS} days after from`),
}

/** The period rules a status breaks (each with a stable code), on the field to fix. */
export function statusProblems(period: {
  from: string
  to: string
}): { rule: string; path: string[]; message: string }[] {
  const from = Date.parse(period.from)
  const to = Date.parse(period.to)
  // a malformed time is the field's own error
  if (Number.isNaN(from) || Number.isNaN(to)) return []
  const broken = (rule: RecordRule, message: string) => [{ rule: rule.code, path: [rule.fields[0]], message }]
  if (to <= from) return broken(FMP_STATUS_RULES.order, 'The end must come after the start')
  if (to - from > MAX_STATUS_PERIOD_DAYS * DAY_MS) {
    return broken(FMP_STATUS_RULES.length, `A period lasts at most ${MAX_STATUS_PERIOD_DAYS} days`)
  }
  return []
}

/** Whether the period overlaps the half-open interval [start, end) (ms). */
export function statusOverlaps(status: Pick<FmpStatus, 'from' | 'to'>, start: number, end: number): boolean {
  return Date.parse(status.from) < end && Date.parse(status.to) > start
}
