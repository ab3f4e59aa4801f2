/**
 * The days an FMP was recorded closed or without flow (fmpStatus records), beside the
 * daily flow figures (GET /stats/flows, the flows-daily export): without them a closed
 * day is just missing, and reads like a day without data. Read from the records
 * themselves, not a roll-up: an FMP has a few statuses a month, each at most 31 days
 * long. A status marks each site day (Africa/Niamey) its period touches, as Today on
 * the phone reads it (features/today/week-figures.ts): closed before no flow. Whether
 * the periods of the day's status cover all of it (00:00 to 24:00 in Niamey) or a part
 * is worked out too: the flows-daily export says it (a post closed 03:00–06:00 is
 * `closed_part_of_day`, not `closed`).
 */
import { statusOverlaps, type FmpStatusKind } from '../../shared/schemas/fmp-status'
import type { FlowDayStatus } from '../../shared/schemas/stats'
import { SITE_OFFSET, siteDay } from '../../shared/site-time'
import type { DayRange } from '../../shared/stats/flow-figures'
import type { Db } from '../db/open'
import { jsonText } from '../export/export-days'
import { parseData } from '../store/records'
import { addDays } from './days'

const DAY_MS = 86_400_000
const startOf = (day: string) => Date.parse(`${day}T00:00:00${SITE_OFFSET}`)

/** A marked day, and whether its status's periods cover the whole day (else a part of it). */
export interface FlowDayMark extends FlowDayStatus {
  allDay: boolean
}

/** The marked days of the sites in `range`, sorted by day then site code (GET /stats/flows' `dayStatuses`). */
export async function flowDayStatusesOf(db: Db, sites: readonly string[], range: DayRange): Promise<FlowDayStatus[]> {
  return (await flowDayMarksOf(db, sites, range)).map(({ day, siteCode, status }) => ({ day, siteCode, status }))
}

/** The marked days of the sites in `range`, each with whether it is marked all day, sorted by day then site code. */
export async function flowDayMarksOf(db: Db, sites: readonly string[], { from, to }: DayRange): Promise<FlowDayMark[]> {
  if (sites.length === 0) return []
  // as text, a day wider on each side (a time's own date may differ from its day in
  // Niger by one); the exact overlap is checked below
  const rows = await db
    .selectFrom('records')
    .select(['site_code', 'data'])
    .where('entity', '=', 'fmpStatus')
    .where('deleted', '=', 0)
    .where('site_code', 'in', sites)
    .where(jsonText(db, 'from'), '<', addDays(to, 2))
    .where(jsonText(db, 'to'), '>=', addDays(from, -1))
    .execute()
  const marks = new Map<string, DayPeriods>()
  const rangeEnd = startOf(addDays(to, 1))
  for (const row of rows) {
    const data = parseData(row.data)
    const kind = data?.kind
    if (kind !== 'closed' && kind !== 'no_flow') continue
    if (typeof data?.from !== 'string' || typeof data.to !== 'string') continue
    const period = { from: data.from, to: data.to }
    if (Number.isNaN(Date.parse(period.from)) || Number.isNaN(Date.parse(period.to))) continue
    // the days of the range from the period's first one, until the period ends
    const first = siteDay(new Date(period.from))
    const end = Math.min(rangeEnd, Date.parse(period.to))
    for (let day = first > from ? first : from; startOf(day) < end; day = addDays(day, 1)) {
      const start = startOf(day)
      if (!statusOverlaps(period, start, start + DAY_MS)) continue
      // the part of the day the period covers, in ms from the day's start
      const part: Span = [Math.max(0, Date.parse(period.from) - start), Math.min(DAY_MS, Date.parse(period.to) - start)]
      mark(marks, day, row.site_code, kind, part)
    }
  }
  return [...marks.values()]
    .map(({ day, siteCode, spans }): FlowDayMark => {
      // a day both closed and without flow for parts of it reads as closed, as on Today
      const status = spans.closed.length > 0 ? 'closed' : 'no_flow'
      return { day, siteCode, status, allDay: coversDay(spans[status]) }
    })
    .sort((a, b) => compare(a.day, b.day) || compare(a.siteCode, b.siteCode))
}

/** A part of a day: [start, end) in ms from its 00:00 in Niamey. */
type Span = [number, number]

interface DayPeriods {
  day: string
  siteCode: string
  spans: Record<FmpStatusKind, Span[]>
}

function mark(marks: Map<string, DayPeriods>, day: string, siteCode: string, kind: FmpStatusKind, part: Span): void {
  const key = `${day}|${siteCode}`
  const had = marks.get(key) ?? { day, siteCode, spans: { closed: [], no_flow: [] } }
  had.spans[kind].push(part)
  marks.set(key, had)
}

/** Whether the parts together cover the whole day, however they overlap. */
function coversDay(parts: readonly Span[]): boolean {
  let covered = 0
  for (const [start, end] of [...parts].sort((a, b) => a[0] - b[0])) {
    if (start > covered) return false
    covered = Math.max(covered, end)
  }
  return covered >= DAY_MS
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
