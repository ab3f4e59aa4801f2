/**
 * The daily flow figures of DTM tallies (stats endpoints 1–4): one pure aggregation,
 * used by the server over the whole dataset and by the phone over its own tallies, so
 * that both give the same figures for the same tallies. The day of a tally is its local
 * day at the site (siteDay). Tallies are added one at a time, so that the server can
 * stream records through it with memory that grows with the rows, not the tallies.
 */
import type { FlowCount } from '../schemas/flow-count'
import type { FlowDayRow, FlowNationalityRow, FlowTransportRow, FlowVulnerabilityRow } from '../schemas/stats'
import { siteDay } from '../site-time'

/** What the figures read of a tally (a whole FlowCount fits). */
export type FlowTally = Pick<
  FlowCount,
  | 'siteCode'
  | 'observedAt'
  | 'direction'
  | 'transport'
  | 'men'
  | 'women'
  | 'boys'
  | 'girls'
  | 'total'
  | 'unaccompaniedChildren'
  | 'childrenUnder5'
  | 'elderly'
  | 'pregnantWomen'
  | 'withDisability'
> & { nationalities: readonly { country: string; count: number }[] }

/** Local days, both included (`YYYY-MM-DD`); tallies on other days are left out. */
export interface DayRange {
  from: string
  to: string
}

/** The counts of a tally that the figures add up. */
export const FLOW_COUNT_FIELDS = [
  'men',
  'women',
  'boys',
  'girls',
  'total',
  'unaccompaniedChildren',
  'childrenUnder5',
  'elderly',
  'pregnantWomen',
  'withDisability',
] as const

/** Sums tallies into the rows of the four flow endpoints. */
export class FlowFigures {
  private readonly days = new Map<string, FlowDayRow>()
  private readonly transports = new Map<string, FlowTransportRow>()
  private readonly countries = new Map<string, FlowNationalityRow>()

  constructor(private readonly range?: DayRange) {}

  /** Adds one tally; answers whether it counted (its day lies in the range). */
  add(tally: FlowTally): boolean {
    const day = siteDay(new Date(tally.observedAt))
    if (this.range !== undefined && (day < this.range.from || day > this.range.to)) return false
    const { siteCode, direction, transport } = tally
    const key = `${day}|${siteCode}|${direction}`

    let row = this.days.get(key)
    if (row === undefined) {
      row = { day, siteCode, direction, tallies: 0, ...zeroSums() }
      this.days.set(key, row)
    }
    row.tallies += 1
    for (const field of FLOW_COUNT_FIELDS) row[field] += tally[field]

    const transportKey = `${key}|${transport}`
    const byTransport = this.transports.get(transportKey)
    if (byTransport === undefined) {
      this.transports.set(transportKey, { day, siteCode, direction, transport, total: tally.total, tallies: 1 })
    } else {
      byTransport.total += tally.total
      byTransport.tallies += 1
    }

    for (const { country, count } of tally.nationalities) {
      if (count <= 0) continue
      const countryKey = `${key}|${country}`
      const byCountry = this.countries.get(countryKey)
      if (byCountry === undefined) this.countries.set(countryKey, { day, siteCode, direction, country, count })
      else byCountry.count += count
    }
    return true
  }

  /** Endpoint 1: one row per (day, site, direction). */
  dayRows(): FlowDayRow[] {
    return sortRows(
      [...this.days.values()].map((row) => ({ ...row })),
      () => '',
    )
  }

  /** Endpoint 2: one row per (day, site, direction, country). */
  nationalityRows(): FlowNationalityRow[] {
    return sortRows(
      [...this.countries.values()].map((row) => ({ ...row })),
      (row) => row.country,
    )
  }

  /** Endpoint 3: one row per (day, site, direction, transport). */
  transportRows(): FlowTransportRow[] {
    return sortRows(
      [...this.transports.values()].map((row) => ({ ...row })),
      (row) => row.transport,
    )
  }

  /** Endpoint 4: the vulnerability sums of each (day, site, direction). */
  vulnerabilityRows(): FlowVulnerabilityRow[] {
    return this.dayRows().map(vulnerabilityRowOf)
  }
}

/** Endpoint 4's row of a day row: its (day, site, direction) and vulnerability sums. */
export function vulnerabilityRowOf(row: FlowDayRow): FlowVulnerabilityRow {
  return {
    day: row.day,
    siteCode: row.siteCode,
    direction: row.direction,
    unaccompaniedChildren: row.unaccompaniedChildren,
    childrenUnder5: row.childrenUnder5,
    elderly: row.elderly,
    pregnantWomen: row.pregnantWomen,
    withDisability: row.withDisability,
  }
}

/** Figures of a set of tallies, optionally only those of a range of days. */
export function flowFigures(tallies: Iterable<FlowTally>, range?: DayRange): FlowFigures {
  const figures = new FlowFigures(range)
  for (const tally of tallies) figures.add(tally)
  return figures
}

export const flowDayRows = (tallies: Iterable<FlowTally>, range?: DayRange) => flowFigures(tallies, range).dayRows()
export const flowNationalityRows = (tallies: Iterable<FlowTally>, range?: DayRange) =>
  flowFigures(tallies, range).nationalityRows()
export const flowTransportRows = (tallies: Iterable<FlowTally>, range?: DayRange) =>
  flowFigures(tallies, range).transportRows()
export const flowVulnerabilityRows = (tallies: Iterable<FlowTally>, range?: DayRange) =>
  flowFigures(tallies, range).vulnerabilityRows()

function zeroSums(): Record<(typeof FLOW_COUNT_FIELDS)[number], number> {
  return {
    men: 0,
    women: 0,
    boys: 0,
    girls: 0,
    total: 0,
    unaccompaniedChildren: 0,
    childrenUnder5: 0,
    elderly: 0,
    pregnantWomen: 0,
    withDisability: 0,
  }
}

/** By day, site code, direction, then the breakdown key: plain code-unit order, the same everywhere. */
function sortRows<T extends { day: string; siteCode: string; direction: string }>(
  rows: T[],
  key: (row: T) => string,
): T[] {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  return rows.sort(
    (a, b) =>
      compare(a.day, b.day) ||
      compare(a.siteCode, b.siteCode) ||
      compare(a.direction, b.direction) ||
      compare(key(a), key(b)),
  )
}

/** The order of every flow endpoint's rows, for the server's roll-up reads (stats/flow-rollup.ts). */
export { sortRows as sortFlowRows }
