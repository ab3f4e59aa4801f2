/**
 * What the tally form holds: every field as text, counts included, exactly as typed (a
 * count that is not a whole number is refused at its field, never rewritten), and how
 * a saved tally and a stored draft become such values.
 */
import { siteDateTimeInput } from '@/components/dates'
import { mergeKnown } from '@/components/use-draft'
import type { TallyRoute } from '@/data/tally-prefs'
import { UNKNOWN_COUNTRY } from '@/shared/schemas/common'
import type { FlowCount, FlowCounts } from '@/shared/schemas/flow-count'
import { readWholeNumber, type NumberRefusal } from '@/shared/text/whole-number'

export type { TallyRoute }

export const PEOPLE_FIELDS = ['men', 'women', 'boys', 'girls'] as const
export const OF_WHICH_FIELDS = [
  'unaccompaniedChildren',
  'childrenUnder5',
  'elderly',
  'pregnantWomen',
  'withDisability',
] as const
export const COUNT_FIELDS = [...PEOPLE_FIELDS, ...OF_WHICH_FIELDS] as const
export type CountField = keyof FlowCounts

/** The fields "same as last" carries from one tally to the next. */
export const ROUTE_FIELDS = [
  'direction',
  'transport',
  'departureCountry',
  'departureTown',
  'destinationCountry',
  'destinationTown',
  'flowType',
] as const satisfies readonly (keyof TallyRoute)[]
export type RouteField = (typeof ROUTE_FIELDS)[number]

export interface NationalityRow {
  country: string
  count: string
}

export interface TallyValues extends TallyRoute {
  siteCode: string
  /** `YYYY-MM-DDTHH:mm` at the site. */
  observedAt: string
  /**
   * Whether the time shown is the monitor's (typed, or a saved tally's own): else it is only
   * the form's opening time, and the tally takes the time of its save.
   */
  timeSet: boolean
  counts: Record<CountField, string>
  nationalities: NationalityRow[]
}

export const MAX_COUNT = 100_000

export const emptyCounts = (): Record<CountField, string> =>
  Object.fromEntries(COUNT_FIELDS.map((f) => [f, ''])) as Record<CountField, string>

export const emptyRoute = (): TallyRoute =>
  Object.fromEntries(ROUTE_FIELDS.map((f) => [f, ''])) as unknown as TallyRoute

/**
 * A new tally at `siteCode`, showing the time now (it takes its save's time unless the monitor
 * changes it), with `route` already filled ("same as last") or empty.
 */
export function newTallyValues(siteCode: string, route: TallyRoute = emptyRoute(), now = new Date()): TallyValues {
  return {
    siteCode,
    observedAt: siteDateTimeInput(now),
    timeSet: false,
    ...route,
    counts: emptyCounts(),
    nationalities: [],
  }
}

export function routeOf(values: TallyRoute): TallyRoute {
  return Object.fromEntries(ROUTE_FIELDS.map((f) => [f, values[f]])) as unknown as TallyRoute
}

export function sameRoute(a: TallyRoute, b: TallyRoute): boolean {
  return ROUTE_FIELDS.every((f) => a[f].trim() === b[f].trim())
}

/** A saved tally as the form's values (for a correction); the unknown remainder is not a row. */
export function tallyToValues(tally: FlowCount): TallyValues {
  return {
    siteCode: tally.siteCode,
    observedAt: siteDateTimeInput(new Date(tally.observedAt)),
    timeSet: true,
    direction: tally.direction,
    transport: tally.transport,
    departureCountry: tally.departureCountry,
    departureTown: tally.departureTown ?? '',
    destinationCountry: tally.destinationCountry,
    destinationTown: tally.destinationTown ?? '',
    flowType: tally.flowType,
    counts: Object.fromEntries(COUNT_FIELDS.map((f) => [f, String(tally[f])])) as Record<CountField, string>,
    nationalities: tally.nationalities
      .filter((n) => n.country !== UNKNOWN_COUNTRY)
      .map((n) => ({ country: n.country, count: String(n.count) })),
  }
}

/** A count as typed: 0 when left empty, the number when whole and in range, else why not. */
export type ParsedCount = { ok: true; value: number } | ({ ok: false } & NumberRefusal)

/** Read as every form reads a whole number (shared/text/whole-number.ts): the phone's digits, Arabic ones too. */
export function parseCount(text: string): ParsedCount {
  const read = readWholeNumber(text, MAX_COUNT)
  return !read.ok && read.problem === 'empty' ? { ok: true, value: 0 } : read
}

/** A stored count: text as typed, or a number from a draft an older version wrote. */
const storedCount = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : ''

/** A stored draft, checked field by field (an older app version may have written it). */
export function parseTallyDraft(stored: unknown, initial: TallyValues): TallyValues {
  const merged = mergeKnown(stored, initial)
  const raw = (stored ?? {}) as { counts?: unknown; nationalities?: unknown; observedAt?: unknown; timeSet?: unknown }
  // a draft from before `timeSet` may hold a typed time: kept, never replaced behind the monitor's back
  if (typeof raw.timeSet !== 'boolean' && typeof raw.observedAt === 'string') merged.timeSet = true
  // a time nobody set shows the time now, as a tally opened now does
  if (!merged.timeSet) merged.observedAt = initial.observedAt
  const storedCounts =
    typeof raw.counts === 'object' && raw.counts !== null ? (raw.counts as Record<string, unknown>) : {}
  const counts = Object.fromEntries(
    COUNT_FIELDS.map((f) => [f, f in storedCounts ? storedCount(storedCounts[f]) : initial.counts[f]]),
  ) as Record<CountField, string>
  const nationalities = (Array.isArray(raw.nationalities) ? (raw.nationalities as unknown[]) : [])
    .filter((r): r is { country: string; count: unknown } => {
      return typeof r === 'object' && r !== null && typeof (r as { country?: unknown }).country === 'string'
    })
    .map((r) => ({ country: r.country, count: storedCount(r.count) }))
  return { ...merged, counts, nationalities }
}
