/**
 * Today's data for one FMP: its last seven local days (Africa/Niamey, whatever the
 * phone's time zone) read from the figures kept per day (data/flow-days.ts: a handful of
 * rows, not a week of tallies), today's tallies, and what is not yet sent. Live: a save,
 * a pull or an acknowledgement redraws it.
 */
import { useLiveQuery } from 'dexie-react-hooks'
import { useEffect, useMemo, useState } from 'react'
import { useDb } from '@/components/app-context'
import { siteDay } from '@/components/dates'
import type { RelaisDb } from '@/data/db'
import { readFlowDigests, type DayRows, type DayTally } from '@/data/flow-days'
import {
  indexOlderFlowRows,
  readFmpStatuses,
  unsentAtSite,
  unsentTallyStates,
  type RecordSyncState,
} from '@/data/flow-week'
import type { LocalRecord } from '@/data/records'
import { likelyTallySite } from '@/data/tally-prefs'
import { statusOverlaps, type FmpStatus } from '@/shared/schemas/fmp-status'
import { SITE_OFFSET } from '@/shared/site-time'
import { daysEnding, weekFiguresOfRows, type DayFigures } from './week-figures'

export const WEEK_DAYS = 7

/** Databases this tab has seen indexed: Today opens without asking again. */
const indexedDbs = new WeakSet<RelaisDb>()

export interface TodayData {
  today: string
  /** The last seven days, oldest first; today is the last. */
  week: DayFigures[]
  /** Today's tallies, latest first, as the day keeps them, with their sync state. */
  todaysTallies: (DayTally & RecordSyncState)[]
  /** The FMP's statuses that touch the week, latest first. */
  statuses: LocalRecord<'fmpStatus'>[]
  unsent: { tallies: number; statuses: number }
}

/** The site's day now, checked every minute (Today rolls over at midnight in Niger). */
function useSiteToday(): string {
  const [today, setToday] = useState(() => siteDay())
  useEffect(() => {
    const timer = setInterval(() => setToday(siteDay()), 60_000)
    return () => clearInterval(timer)
  }, [])
  return today
}

/**
 * undefined while loading (or without a site). While the screen still works out its site
 * (`siteCode` undefined: the prefs and the sites are being read), the week of the point
 * the tally form last used is read already: when the site turns out to be that one, it
 * is drawn at once; a read for another site is never drawn.
 */
export function useToday(siteCode: string | undefined): TodayData | undefined {
  const db = useDb()
  const today = useSiteToday()
  // read once the older rows are indexed (at once when this tab already saw to it), or that failed
  const [triedDb, setTriedDb] = useState<RelaisDb | null>(null)
  const indexed = indexedDbs.has(db) || triedDb === db
  useEffect(() => {
    if (indexedDbs.has(db)) return
    let live = true
    // rows saved before the site-and-day index: indexed once, before the first read
    void indexOlderFlowRows(db)
      .then(() => indexedDbs.add(db))
      .catch(() => undefined)
      .finally(() => live && setTriedDb(db))
    return () => {
      live = false
    }
  }, [db])

  const days = useMemo(() => daysEnding(today, WEEK_DAYS), [today])
  const reading = siteCode ?? likelyTallySite(db)
  const read = useLiveQuery(async () => {
    if (!indexed || !reading) return undefined
    const [digests, statuses, unsent, states] = await Promise.all([
      readFlowDigests(db, reading, days[0] as string, today),
      readFmpStatuses(db, reading, days[0] as string, today),
      unsentAtSite(db, reading),
      unsentTallyStates(db),
    ])
    return { digests, statuses, unsent, states, siteCode: reading, today }
  }, [db, reading, indexed, days, today])

  return useMemo(() => {
    // a read for another site or day is not this one's
    if (!read || read.siteCode !== siteCode || read.today !== today) return undefined
    const byLatest = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0)
    const rows: DayRows = { dayRows: [], nationalityRows: [], transportRows: [] }
    for (const digest of read.digests.values()) {
      rows.dayRows.push(...digest.dayRows)
      rows.nationalityRows.push(...digest.nationalityRows)
      rows.transportRows.push(...digest.transportRows)
    }
    return {
      today,
      week: weekFiguresOfRows(
        rows,
        read.statuses.map((r) => r.data),
        days,
      ),
      todaysTallies: (read.digests.get(today)?.tallies ?? [])
        .map((tally) => ({ ...tally, ...(read.states.get(tally.id) ?? { state: 'sent' as const }) }))
        .sort((a, b) => byLatest(a.observedAt, b.observedAt)),
      statuses: read.statuses
        .filter((r) => weekTouches(r.data, days))
        .sort((a, b) => byLatest(a.data.from, b.data.from)),
      unsent: read.unsent,
    }
  }, [read, siteCode, today, days])
}

function weekTouches(status: FmpStatus, days: readonly string[]): boolean {
  const first = days[0]
  const last = days[days.length - 1]
  if (!first || !last) return false
  const start = Date.parse(`${first}T00:00:00${SITE_OFFSET}`)
  return statusOverlaps(status, start, Date.parse(`${last}T00:00:00${SITE_OFFSET}`) + 86_400_000)
}
