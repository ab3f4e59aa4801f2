/**
 * What Today shows of each of the FMP's last days: the shared flow figures (the same rows
 * as the server's GET /stats/flows, from src/shared/stats/flow-figures.ts) grouped by
 * day, both directions added for the day's line, and what a day without tallies means:
 * closed, no flow seen (all day or part of it, by the rule the server's figures and
 * exports use: src/shared/stats/fmp-day-marks.ts), or simply no data.
 */
import type { DayRows } from '@/data/flow-days'
import { addDays } from '@/data/flow-week'
import type { FmpStatus } from '@/shared/schemas/fmp-status'
import type { FlowDayRow } from '@/shared/schemas/stats'
import { flowFigures, type FlowTally } from '@/shared/stats/flow-figures'
import { fmpDayMarks, type KindOnDay } from '@/shared/stats/fmp-day-marks'

/** `counted`: at least one tally; otherwise what the FMP's statuses say of the day. */
export type DayState = 'counted' | 'closed' | 'no_flow' | 'no_data'

const SUMMED = [
  'men',
  'women',
  'boys',
  'girls',
  'total',
  'tallies',
  'unaccompaniedChildren',
  'childrenUnder5',
  'elderly',
  'pregnantWomen',
  'withDisability',
] as const
export type DayTotals = Record<(typeof SUMMED)[number], number>

export interface DayFigures {
  day: string
  state: DayState
  /** A closed or no-flow day: whether its status covers the whole day (else a part of it). */
  allDay: boolean
  /** The kinds of the statuses that touch the day, even on a counted day, closed first. */
  statuses: KindOnDay[]
  /** The shared figures' rows of the day, one per direction. */
  directions: FlowDayRow[]
  /** Both directions added. */
  totals: DayTotals
  /** People by nationality, both directions added, most first. */
  nationalities: { country: string; count: number }[]
  /** People by transport, both directions added, most first. */
  transport: { transport: string; total: number }[]
}

/** The `count` local days ending with `last`, oldest first. */
export function daysEnding(last: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addDays(last, i - count + 1))
}

/** The figures of each day of `days` (consecutive, oldest first) for one FMP's tallies and statuses. */
export function weekFigures(
  tallies: Iterable<FlowTally>,
  statuses: readonly Pick<FmpStatus, 'kind' | 'from' | 'to'>[],
  days: readonly string[],
): DayFigures[] {
  const first = days[0]
  const last = days[days.length - 1]
  if (first === undefined || last === undefined) return []
  const figures = flowFigures(tallies, { from: first, to: last })
  return weekFiguresOfRows(
    { dayRows: figures.dayRows(), nationalityRows: figures.nationalityRows(), transportRows: figures.transportRows() },
    statuses,
    days,
  )
}

/** The same, from the shared figures' rows of those days (kept per day: data/flow-days.ts). */
export function weekFiguresOfRows(
  rows: DayRows,
  statuses: readonly Pick<FmpStatus, 'kind' | 'from' | 'to'>[],
  days: readonly string[],
): DayFigures[] {
  const byDay = <T extends { day: string }>(list: T[]) => {
    const map = new Map<string, T[]>()
    for (const row of list) map.set(row.day, [...(map.get(row.day) ?? []), row])
    return map
  }
  const dayRows = byDay(rows.dayRows)
  const countryRows = byDay(rows.nationalityRows)
  const transportRows = byDay(rows.transportRows)
  const first = days[0]
  const last = days[days.length - 1]
  const marks = first && last ? fmpDayMarks(statuses, { from: first, to: last }) : []
  const markOf = new Map(marks.map((mark) => [mark.day, mark]))

  return days.map((day) => {
    const mark = markOf.get(day)
    const directions = dayRows.get(day) ?? []
    const totals = Object.fromEntries(
      SUMMED.map((field) => [field, directions.reduce((sum, row) => sum + row[field], 0)]),
    ) as DayTotals
    const state: DayState = totals.tallies > 0 ? 'counted' : (mark?.status ?? 'no_data')
    return {
      day,
      state,
      allDay: mark?.allDay ?? false,
      statuses: mark?.kinds ?? [],
      directions,
      totals,
      nationalities: mostFirst(
        countryRows.get(day) ?? [],
        (r) => r.country,
        (r) => r.count,
      ).map(([country, count]) => ({
        country,
        count,
      })),
      transport: mostFirst(
        transportRows.get(day) ?? [],
        (r) => r.transport,
        (r) => r.total,
      ).map(([transport, total]) => ({ transport, total })),
    }
  })
}

/** Values of `rows` added by key, largest first (ties by key, so the order never flickers). */
function mostFirst<T>(rows: readonly T[], key: (row: T) => string, value: (row: T) => number): [string, number][] {
  const sums = new Map<string, number>()
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + value(row))
  return [...sums].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
