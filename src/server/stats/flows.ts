/**
 * Flow figures on the server (stats endpoints 1–4, the daily flows export): the tallies
 * of the sites whose local day lies in the range, streamed through the shared
 * FlowFigures, so that the server's figures are the phone's for the same tallies.
 */
import { DIRECTIONS, TRANSPORT_MODES } from '../../shared/schemas/codes'
import { FLOW_COUNT_FIELDS, FlowFigures, type DayRange, type FlowTally } from '../../shared/stats/flow-figures'
import type { Db } from '../db/open'
import type { RecordData } from '../store/records'
import { addDays } from './days'
import { readRecords } from './read-records'

const COUNTS = FLOW_COUNT_FIELDS

const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 0
const isOneOf = <T extends string>(codes: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (codes as readonly string[]).includes(value)

/** A stored tally as the figures read it; undefined for data that is not one (never counted). */
export function toTally(siteCode: string, data: RecordData): FlowTally | undefined {
  const { observedAt, direction, transport, nationalities } = data
  if (typeof observedAt !== 'string' || Number.isNaN(Date.parse(observedAt))) return undefined
  if (!isOneOf(DIRECTIONS, direction) || !isOneOf(TRANSPORT_MODES, transport)) return undefined
  if (!COUNTS.every((field) => isCount(data[field]))) return undefined
  if (!Array.isArray(nationalities)) return undefined
  const rows = (nationalities as unknown[]).filter(
    (n): n is { country: string; count: number } =>
      typeof n === 'object' &&
      n !== null &&
      typeof (n as { country?: unknown }).country === 'string' &&
      isCount((n as { count?: unknown }).count),
  )
  const counts = Object.fromEntries(COUNTS.map((field) => [field, data[field] as number])) as Record<
    (typeof COUNTS)[number],
    number
  >
  return { siteCode, observedAt, direction, transport, ...counts, nationalities: rows }
}

/** The figures of the tallies at `sites` whose local day lies in `range`. */
export async function flowFiguresOf(db: Db, sites: readonly string[], range: DayRange): Promise<FlowFigures> {
  const figures = new FlowFigures(range)
  // A time's own date differs from its day in Niamey by at most one day, whatever its
  // offset (-12:00 to +14:00): the SQL range keeps one day either side, FlowFigures the exact days.
  const days = { from: addDays(range.from, -1), before: addDays(range.to, 2) }
  for await (const { siteCode, data } of readRecords(db, { entity: 'flowCount', sites, ...days })) {
    const tally = toTally(siteCode, data)
    if (tally !== undefined) figures.add(tally)
  }
  return figures
}
