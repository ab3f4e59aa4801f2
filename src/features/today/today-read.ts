/**
 * Everything Today draws, read in one go: the flow monitoring points of the user, the one
 * shown (chosen on the screen, else the one the tally form last used, else the first),
 * its last seven local days (Africa/Niamey, whatever the phone's time zone) from the
 * figures kept per day (data/flow-days.ts: a handful of rows, not a week of tallies),
 * today's tallies, its statuses and what is not yet sent (tallies, statuses and surveys).
 *
 * The read is kept between openings (data/kept-reads.ts): Today opened again while no
 * write touched what it reads draws at once, in its first render. The home screen of a
 * flow monitor keeps the default one ready (`keepTodayReady`).
 */
import type { RelaisDb } from '@/data/db'
import { readFlowDigests, type DayRows, type DayTally } from '@/data/flow-days'
import {
  indexOlderFlowRows,
  readFmpStatuses,
  unsentStatuses,
  unsentSurveys,
  unsentTallies,
  unsentTallyStates,
  type RecordSyncState,
} from '@/data/flow-week'
import { keptRead, type KeptRead } from '@/data/kept-reads'
import type { LocalRecord } from '@/data/records'
import { listSites } from '@/data/sites'
import { getSyncStatus } from '@/data/sync-status'
import { likelyTallySite, loadTallyPrefs } from '@/data/tally-prefs'
import type { User } from '@/shared/schemas/auth'
import { statusOverlaps, type FmpStatus } from '@/shared/schemas/fmp-status'
import type { Site } from '@/shared/schemas/site'
import { SITE_OFFSET, siteDay } from '@/shared/site-time'
import { daysEnding, weekFiguresOfRows, type DayFigures } from './week-figures'

export const WEEK_DAYS = 7

/**
 * What the read looks at, and nothing else: a write elsewhere leaves it kept. Of `meta`,
 * only the tally form's prefs and the sync status are read, and of the sync status only
 * the user's sites: its other fields change at each sync attempt (offline too), which
 * leaves Today kept once the sites are seen to be the same (the probe).
 */
const TABLES = [
  'flowCounts',
  'flowDays',
  'flowDayMarks',
  'fmpStatuses',
  'surveys',
  'meta:tallyPrefs',
  'meta:syncStatus',
  'sites',
] as const
const userSites = (db: RelaisDb) => ({
  'meta:syncStatus': async () => (await getSyncStatus(db)).sites ?? null,
})

export interface TodayData {
  today: string
  /** The last seven days, oldest first; today is the last. */
  week: DayFigures[]
  /** Today's tallies, latest first (by time, then the latest made first), with their sync state. */
  todaysTallies: (DayTally & RecordSyncState)[]
  /** The FMP's statuses that touch the week, latest first. */
  statuses: LocalRecord<'fmpStatus'>[]
  unsent: { tallies: number; statuses: number; surveys: number }
  /** The week's tallies at the FMP that the server refused or that are in conflict ("needs attention"). */
  attentionTallies: number
}

export interface TodayRead {
  /** The user's active flow monitoring points (names as the server gave them). */
  sites: Site[]
  /** The point shown; undefined when the user has none. */
  siteCode?: string
  data?: TodayData
}

type Reader = Pick<User, 'role' | 'sites'>

/** Today for the point `chosen` on the screen ('' for the default one), on the site's day `today`. */
export function todayRead(db: RelaisDb, user: Reader, chosen: string, today: string): KeptRead<TodayRead> {
  return keptRead(db, `today:${chosen}:${today}`, TABLES, () => readToday(db, user, chosen, today), userSites(db))
}

/** Keeps the default Today ready on this phone (read now, and again after each burst of writes). */
export async function keepTodayReady(db: RelaisDb, user: Reader): Promise<void> {
  // before the read: indexing writes, which would make the read old as soon as made
  await indexedOnce(db)
  return todayRead(db, user, '', siteDay()).keep()
}

/** Databases this tab has seen indexed: Today reads without asking again. */
const indexedDbs = new WeakSet<RelaisDb>()

/** Rows saved before the site-and-day index get it, once, before the first read. */
async function indexedOnce(db: RelaisDb): Promise<void> {
  if (indexedDbs.has(db)) return
  await indexOlderFlowRows(db).catch(() => undefined)
  indexedDbs.add(db)
}

async function readToday(db: RelaisDb, user: Reader, chosen: string, today: string): Promise<TodayRead> {
  await indexedOnce(db)
  const days = daysEnding(today, WEEK_DAYS)
  // the week of the point the screen most likely shows is read while the point is worked out
  const likely = chosen || likelyTallySite(db)
  const early = likely ? readWeek(db, likely, days, today) : undefined
  early?.catch(() => undefined) // awaited below when it is the one, else dropped
  const [prefs, status, all] = await Promise.all([
    loadTallyPrefs(db).catch(() => ({ siteCode: undefined })), // prefs that cannot be read are only a convenience lost
    getSyncStatus(db),
    listSites(db),
  ])
  const mine = new Set(status.sites ?? user.sites)
  const sites = all.filter((s) => s.kind === 'fmp' && s.active && (user.role === 'admin' || mine.has(s.code)))
  const wanted = chosen || prefs.siteCode || ''
  const siteCode = sites.some((s) => s.code === wanted) ? wanted : sites[0]?.code
  if (!siteCode) return { sites }
  const data = await (siteCode === likely && early ? early : readWeek(db, siteCode, days, today))
  return { sites, siteCode, data }
}

async function readWeek(db: RelaisDb, siteCode: string, days: string[], today: string): Promise<TodayData> {
  const [digests, statuses, states, unsentStatusCount, unsentSurveyCount] = await Promise.all([
    readFlowDigests(db, siteCode, days[0] as string, today),
    readFmpStatuses(db, siteCode, days[0] as string, today),
    unsentTallyStates(db),
    unsentStatuses(db, siteCode),
    unsentSurveys(db, siteCode),
  ])
  // the pending tallies of the week are known to be at the point: only older ones (or
  // other points') are looked up, which after a day's saves are none
  const atSite = new Set([...digests.values()].flatMap((digest) => digest.tallies.map((tally) => tally.id)))
  const unsentTallyCount = await unsentTallies(db, siteCode, {
    pending: [...states].filter(([, { state }]) => state === 'pending').map(([id]) => id),
    atSite,
  })
  const attentionTallies = [...states].filter(([id, { state }]) => state !== 'pending' && atSite.has(id)).length
  const byLatest = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0)
  const rows: DayRows = { dayRows: [], nationalityRows: [], transportRows: [] }
  for (const digest of digests.values()) {
    rows.dayRows.push(...digest.dayRows)
    rows.nationalityRows.push(...digest.nationalityRows)
    rows.transportRows.push(...digest.transportRows)
  }
  return {
    today,
    week: weekFiguresOfRows(
      rows,
      statuses.map((r) => r.data),
      days,
    ),
    todaysTallies: (digests.get(today)?.tallies ?? [])
      .map((tally) => ({ ...tally, ...(states.get(tally.id) ?? { state: 'sent' as const }) }))
      .sort(latestTallyFirst),
    statuses: statuses.filter((r) => weekTouches(r.data, days)).sort((a, b) => byLatest(a.data.from, b.data.from)),
    unsent: { tallies: unsentTallyCount, statuses: unsentStatusCount, surveys: unsentSurveyCount },
    attentionTallies,
  }
}

/**
 * The latest time first, by the whole timestamp (a tally's offset may differ from another's);
 * tallies of the same time, the latest made first (ids are UUIDv7: made in time order).
 */
function latestTallyFirst(a: DayTally, b: DayTally): number {
  const byTime = Date.parse(b.observedAt) - Date.parse(a.observedAt)
  if (byTime !== 0) return byTime
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

function weekTouches(status: FmpStatus, days: readonly string[]): boolean {
  const first = days[0]
  const last = days[days.length - 1]
  if (!first || !last) return false
  const start = Date.parse(`${first}T00:00:00${SITE_OFFSET}`)
  return statusOverlaps(status, start, Date.parse(`${last}T00:00:00${SITE_OFFSET}`) + 86_400_000)
}
