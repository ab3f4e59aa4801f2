/**
 * What an FMP's statuses (schemas/fmp-status.ts) say of each site day (Africa/Niamey)
 * they touch: the day's status, closed before no flow, and whether the periods of that
 * kind cover the whole day (00:00 to 24:00) or only a part of it. One rule for every
 * reader, so that they say the same of a day: the server's GET /stats/flows
 * (`dayStatuses`), the flows-daily export (`closed` or `closed_part_of_day`), the
 * Numbers screen that shows the former, and Today on the phone, from the statuses it
 * holds. A post closed 03:00–06:00 is closed part of the day, not a closed day.
 */
import { FMP_STATUS_KINDS, statusOverlaps, type FmpStatus, type FmpStatusKind } from '../schemas/fmp-status'
import { SITE_OFFSET, siteDay } from '../site-time'
import type { DayRange } from './flow-figures'

const DAY_MS = 86_400_000
/**
 * The gap a day's cover lets go: the phone's time fields are to the minute, so a closure
 * for the whole day is saved until 23:59 ("Closed today" opens so), and back-to-back
 * periods are often typed until 11:59, then from 12:00.
 */
const MINUTE_MS = 60_000

/** What the rule reads of a status (a whole FmpStatus fits). */
export type StatusPeriod = Pick<FmpStatus, 'kind' | 'from' | 'to'>

/** A kind of status on a day, and whether its periods cover the whole day. */
export interface KindOnDay {
  kind: FmpStatusKind
  allDay: boolean
}

/** A day some status touches. */
export interface FmpDayMark {
  day: string
  /** The day's status: closed when a closed period touches it, else no flow. */
  status: FmpStatusKind
  /** Whether the periods of `status` cover the whole day (else a part of it). */
  allDay: boolean
  /** Every kind that touches the day, closed first. */
  kinds: KindOnDay[]
}

/** A part of a day: [start, end) in ms from its 00:00 in Niamey. */
type Span = [number, number]

const startOf = (day: string) => Date.parse(`${day}T00:00:00${SITE_OFFSET}`)

/** The days of `range` that the periods touch (their end excluded), in day order. */
export function fmpDayMarks(periods: Iterable<StatusPeriod>, { from, to }: DayRange): FmpDayMark[] {
  const days = new Map<string, Record<FmpStatusKind, Span[]>>()
  const rangeEnd = startOf(to) + DAY_MS
  for (const period of periods) {
    const begin = Date.parse(period.from)
    const end = Math.min(rangeEnd, Date.parse(period.to))
    if (Number.isNaN(begin) || Number.isNaN(end)) continue
    // the days of the range from the period's first one, until the period ends
    const first = siteDay(new Date(begin))
    for (let start = startOf(first > from ? first : from); start < end; start += DAY_MS) {
      if (!statusOverlaps(period, start, start + DAY_MS)) continue
      const day = siteDay(new Date(start))
      const spans = days.get(day) ?? { closed: [], no_flow: [] }
      spans[period.kind].push([Math.max(0, begin - start), Math.min(DAY_MS, Date.parse(period.to) - start)])
      days.set(day, spans)
    }
  }
  return [...days]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([day, spans]) => {
      const kinds = FMP_STATUS_KINDS.filter((kind) => spans[kind].length > 0).map((kind) => ({
        kind,
        allDay: coversDay(spans[kind]),
      }))
      // a day both closed and without flow for parts of it reads as closed
      const [first] = kinds as [KindOnDay]
      return { day, status: first.kind, allDay: first.allDay, kinds }
    })
}

/** Whether the parts together cover the whole day, however they overlap (to the minute). */
function coversDay(parts: readonly Span[]): boolean {
  let covered = 0
  for (const [start, end] of [...parts].sort((a, b) => a[0] - b[0])) {
    if (start > covered + MINUTE_MS) return false
    covered = Math.max(covered, end)
  }
  return covered >= DAY_MS - MINUTE_MS
}
