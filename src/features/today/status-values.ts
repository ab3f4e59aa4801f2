/**
 * What the closed / no-flow form holds and how it is checked: the shared schema, each
 * rule said at its field, and the phone's own rule on the period's end. A closure is
 * known ahead ("Closed today", ux.md) and may reach the end of the site's day; no flow
 * is seen, so it ends now at the latest. Also how many of the phone's tallies fall in a
 * period, which a closed post or a post with no flow could not have made.
 */
import { CLOCK_TOLERANCE_MS } from '@/components/clock-warning'
import { tooBigMessage } from '@/components/field-message'
import { siteDay, siteInputToIso } from '@/components/dates'
import type { RelaisDb } from '@/data/db'
import { readFlowDigests } from '@/data/flow-days'
import { fmpStatusSchema, type FmpStatus, type FmpStatusKind } from '@/shared/schemas/fmp-status'
import { SITE_OFFSET, siteTomorrow } from '@/shared/site-time'

export interface StatusValues {
  kind: FmpStatusKind | ''
  from: string
  to: string
  reason: string
}

export type StatusField = keyof StatusValues
export type StatusErrors = Partial<Record<StatusField, string>>

export const STATUS_FIELDS: StatusField[] = ['kind', 'from', 'to', 'reason']

/** Today at the site, from midnight to the last minute. */
export function wholeDay(kind: FmpStatusKind | '', now = new Date()): StatusValues {
  const day = siteDay(now)
  return { kind, from: `${day}T00:00`, to: `${day}T23:59`, reason: '' }
}

/** The translation key of a schema issue on a field. */
function issueKey(
  field: StatusField,
  issue: { code: string; params?: unknown; origin?: string; maximum?: number | bigint },
  raw: string,
): string {
  const rule = (issue.params as { rule?: unknown } | undefined)?.rule
  if (rule === 'period_order') return 'today.status.errors.periodOrder'
  if (rule === 'period_too_long') return 'today.status.errors.periodTooLong'
  if (rule === 'event_day') return 'today.status.errors.eventDay'
  if (raw.trim() === '' || issue.code === 'invalid_type') return field === 'reason' ? 'form.invalid' : 'form.required'
  return issue.code === 'too_big' ? tooBigMessage(issue) : 'form.invalid'
}

/**
 * The latest end (ms) a period of `kind` may have at `now`: the end of the site's day for
 * a closure, now for no flow seen; either a little later for a clock a little off, as the
 * clock warning allows. (The server takes any day up to tomorrow: this is the phone's rule.)
 */
export function latestEnd(kind: FmpStatusKind, now: Date): number {
  const slack = now.getTime() + CLOCK_TOLERANCE_MS
  return kind === 'closed' ? Math.max(Date.parse(`${siteTomorrow(now)}T00:00:00${SITE_OFFSET}`), slack) : slack
}

const LATE_END_KEYS: Record<FmpStatusKind, string> = {
  closed: 'today.status.errors.closedAfterToday',
  no_flow: 'today.status.errors.noFlowAfterNow',
}

export function validateStatus(
  values: StatusValues,
  ctx: { id: string; siteCode: string; now: Date },
): { ok: true; data: FmpStatus } | { ok: false; errors: StatusErrors } {
  const at = ctx.now.toISOString()
  const reason = values.reason.trim()
  const candidate = {
    id: ctx.id,
    createdAt: at,
    updatedAt: at,
    siteCode: ctx.siteCode,
    kind: values.kind === '' ? undefined : values.kind,
    from: siteInputToIso(values.from),
    to: siteInputToIso(values.to),
    ...(reason === '' ? {} : { reason }),
  }
  const result = fmpStatusSchema.safeParse(candidate)
  const errors: StatusErrors = {}
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = STATUS_FIELDS.find((f) => f === issue.path[0]) ?? 'kind'
      errors[field] ??= issueKey(field, issue, values[field])
    }
  }
  const to = candidate.to ? Date.parse(candidate.to) : NaN
  if (!errors.to && values.kind !== '' && to > latestEnd(values.kind, ctx.now)) errors.to = LATE_END_KEYS[values.kind]
  if (result.success && !errors.to) return { ok: true, data: result.data }
  return { ok: false, errors }
}

/** How many tallies on this phone at the status's point fall in its period (from included, to excluded). */
export async function talliesInPeriod(db: RelaisDb, status: Pick<FmpStatus, 'siteCode' | 'from' | 'to'>) {
  const from = Date.parse(status.from)
  const to = Date.parse(status.to)
  const digests = await readFlowDigests(db, status.siteCode, siteDay(new Date(from)), siteDay(new Date(to - 1)))
  let count = 0
  for (const digest of digests.values()) {
    for (const tally of digest.tallies) {
      const at = Date.parse(tally.observedAt)
      if (at >= from && at < to) count += 1
    }
  }
  return count
}
