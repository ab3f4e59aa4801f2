/**
 * The days an FMP was recorded closed or without flow (fmpStatus records), beside the
 * daily flow figures (GET /stats/flows, the flows-daily export): without them a closed
 * day is just missing, and reads like a day without data. Read from the records
 * themselves, not a roll-up: an FMP has a few statuses a month, each at most 31 days
 * long. A status marks each site day (Africa/Niamey) its period touches, as Today on
 * the phone reads it (features/today/week-figures.ts): closed before no flow.
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

/** The marked days of the sites in `range`, sorted by day then site code. */
export async function flowDayStatusesOf(
  db: Db,
  sites: readonly string[],
  { from, to }: DayRange,
): Promise<FlowDayStatus[]> {
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
  const marks = new Map<string, FlowDayStatus>()
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
      if (statusOverlaps(period, start, start + DAY_MS)) mark(marks, day, row.site_code, kind)
    }
  }
  return [...marks.values()].sort((a, b) => compare(a.day, b.day) || compare(a.siteCode, b.siteCode))
}

function mark(marks: Map<string, FlowDayStatus>, day: string, siteCode: string, kind: FmpStatusKind): void {
  const key = `${day}|${siteCode}`
  const had = marks.get(key)
  // a day both closed and without flow for parts of it reads as closed, as on Today
  if (had === undefined || kind === 'closed') marks.set(key, { day, siteCode, status: kind })
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
