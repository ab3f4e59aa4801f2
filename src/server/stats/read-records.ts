/**
 * Reads the live records of one counted entity at some sites whose date field (its
 * day: migrations/0011-stats-days.ts) lies in a text range, page by page. ISO dates and
 * times sort as text, so the range narrows the read in SQL, through the entity's index;
 * callers then keep the exact days. Pages follow the index order (day text, then id),
 * so that each page is a short range scan on SQLite and PostgreSQL alike, no
 * connection is held between pages, and memory holds one page, never the whole set.
 */
import { sql } from 'kysely'
import { statsDay, type StatsEntity } from '../db/migrations/0011-stats-days'
import type { Db } from '../db/open'
import { parseData, type RecordData } from '../store/records'

const PAGE = 2000

export interface RecordFilter {
  entity: StatsEntity
  sites: readonly string[]
  /** The day text's range: at least `from`, below `before` (either may be absent). */
  from?: string
  before?: string
  /** Records per page (tests lower it). */
  pageSize?: number
}

export interface ReadRecord {
  /** The site the server files the record under. */
  siteCode: string
  data: RecordData
}

/** Every matching record, in the order of its day text. */
export async function* readRecords(
  db: Db,
  { entity, sites, from, before, pageSize = PAGE }: RecordFilter,
): AsyncGenerator<ReadRecord> {
  if (sites.length === 0) return
  const day = statsDay(db, entity)
  let after: { day: string; id: string } | undefined
  for (;;) {
    // the entity and `deleted` as literals: the partial index's condition, which SQLite matches only so
    let query = db
      .selectFrom('records')
      .select(['id', 'site_code', 'data', day.as('day')])
      .where(sql<boolean>`entity = ${sql.lit(entity)} and deleted = 0`)
      .where('site_code', 'in', sites)
      .where(day, 'is not', null)
    // one lower bound, the later of `from` and the last day read: the one both databases seek the index with
    const lower = after === undefined || (from !== undefined && from > after.day) ? from : after.day
    if (lower !== undefined) query = query.where(day, '>=', lower)
    if (before !== undefined) query = query.where(day, '<', before)
    // then past the last record read, in (day, id) order
    if (after !== undefined) query = query.where(sql<boolean>`(${day} > ${after.day} or id > ${after.id})`)
    const rows = await query.orderBy(day).orderBy('id').limit(pageSize).execute()
    for (const row of rows) {
      const data = parseData(row.data)
      if (data !== null) yield { siteCode: row.site_code, data }
    }
    const last = rows[rows.length - 1]
    if (rows.length < pageSize || last === undefined) return
    after = { day: last.day, id: last.id }
  }
}
