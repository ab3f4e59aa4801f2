/**
 * The days an FMP was recorded closed or without flow (fmpStatus records), beside the
 * daily flow figures (GET /stats/flows, the flows-daily export): without them a closed
 * day is just missing, and reads like a day without data. Read from the records
 * themselves, not a roll-up: an FMP has a few statuses a month, each at most 31 days
 * long. What they say of each day, closed or no flow, all day or part of it, is the
 * shared rule (shared/stats/fmp-day-marks.ts) that Today on the phone reads them with.
 */
import type { FmpStatusKind } from '../../shared/schemas/fmp-status'
import type { FlowDayStatus } from '../../shared/schemas/stats'
import type { DayRange } from '../../shared/stats/flow-figures'
import { fmpDayMarks, type StatusPeriod } from '../../shared/stats/fmp-day-marks'
import type { Db } from '../db/open'
import { jsonText } from '../export/export-days'
import { parseData } from '../store/records'
import { addDays } from './days'

/** A marked day as the server gives it: `allDay` always said. */
export type FlowDayMark = Required<FlowDayStatus>

/**
 * The marked days of the sites in `range`, each with whether its status covers the whole
 * day, sorted by day then site code (GET /stats/flows' `dayStatuses`, the flows-daily
 * export's `status`).
 */
export async function flowDayStatusesOf(db: Db, sites: readonly string[], range: DayRange): Promise<FlowDayMark[]> {
  if (sites.length === 0) return []
  // as text, a day wider on each side (a time's own date may differ from its day in
  // Niger by one); the shared rule keeps the days the periods really touch
  const rows = await db
    .selectFrom('records')
    .select(['site_code', 'data'])
    .where('entity', '=', 'fmpStatus')
    .where('deleted', '=', 0)
    .where('site_code', 'in', sites)
    .where(jsonText(db, 'from'), '<', addDays(range.to, 2))
    .where(jsonText(db, 'to'), '>=', addDays(range.from, -1))
    .execute()
  const periods = new Map<string, StatusPeriod[]>()
  for (const row of rows) {
    const data = parseData(row.data)
    if (!isKind(data?.kind) || typeof data?.from !== 'string' || typeof data.to !== 'string') continue
    periods.set(row.site_code, [
      ...(periods.get(row.site_code) ?? []),
      { kind: data.kind, from: data.from, to: data.to },
    ])
  }
  return [...periods]
    .flatMap(([siteCode, ofSite]) =>
      fmpDayMarks(ofSite, range).map(({ day, status, allDay }) => ({ day, siteCode, status, allDay })),
    )
    .sort((a, b) => compare(a.day, b.day) || compare(a.siteCode, b.siteCode))
}

const isKind = (kind: unknown): kind is FmpStatusKind => kind === 'closed' || kind === 'no_flow'
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
