/**
 * The live records of one entity at some sites, read in pages for a streamed export.
 * Keyset pagination on the primary key (`id > last id of the previous page`, ordered by
 * id), so each page is a short range scan of the primary key index on SQLite and
 * PostgreSQL alike, no connection is held between pages (SQLite has one, shared with
 * every other request), and memory holds one page at a time (two on PostgreSQL, which
 * finds the next page while this process writes the one before). Ids are UUIDv7, so rows
 * come roughly in the order they were created. A record changed while the export runs
 * comes once, in whichever version its page read; one created meanwhile may or may not.
 *
 * A range of days (export-days.ts) narrows the read in SQL: text ranges on the records'
 * date fields. When the date has an index (registrations, assistance, referrals, flow
 * counts), pages follow that index instead, in (date, id) order, so that a week of a
 * million tallies reads that week alone.
 */
import { sql } from 'kysely'
import type { Entity } from '../../shared/schemas/entities'
import { isPostgres, type Db } from '../db/open'
import type { TextRange } from './export-days'

export interface StoredRecord {
  id: string
  siteCode: string
  data: string | null
}

/** Which sites: every one (an admin who named none), or these codes (possibly none). */
export type SiteScope = 'all' | readonly string[]

/**
 * Rows per page. Pages of 1,000 made a PostgreSQL export's memory grow 115–136 MB in most
 * runs (V8 kept pages it had promoted; 36 MB in one run); pages of 250 hold it at 10–12
 * MB, at 73,000–93,000 rows/s (`npm run bench:export`, 1,000,000 rows, three runs each).
 */
export const EXPORT_PAGE_SIZE = 250

export interface RecordPagesOptions {
  entity: Entity
  sites: SiteScope
  /** Text ranges the records' dates must lie in (export-days.ts). */
  ranges?: readonly TextRange[] | undefined
  /** One of `ranges` whose text is indexed: pages follow its order. */
  indexed?: TextRange | undefined
  pageSize?: number | undefined
}

/** Where a page ended: its last record's id, and its date text when pages follow a date. */
type PageEnd = { id: string; key: string | null }

export async function* recordPages(
  db: Db,
  { entity, sites, ranges = [], indexed, pageSize = EXPORT_PAGE_SIZE }: RecordPagesOptions,
): AsyncGenerator<StoredRecord[]> {
  if (sites !== 'all' && sites.length === 0) return
  type Row = { id: string; site_code: string; data: string | null; page_key: string | null }
  const read = (after: PageEnd | undefined): Promise<Row[]> => {
    const pageKey = indexed === undefined ? sql<string | null>`null` : sql<string | null>`${indexed.text}`
    let query = db
      .selectFrom('records')
      .select(['id', 'site_code', 'data', pageKey.as('page_key')])
      .limit(pageSize)
    if (indexed === undefined) {
      query = query.where('entity', '=', entity).where('deleted', '=', 0).orderBy('id')
      if (after !== undefined) query = query.where('id', '>', after.id)
    } else {
      const { text } = indexed
      // the date index's condition, as literals: SQLite matches a partial index only so
      query = query.where(sql<boolean>`entity = ${sql.lit(entity)} and deleted = 0`).where(text, 'is not', null)
      // one lower bound, the later of the range's and the last date read: the one both databases seek the index with
      const last = after?.key ?? undefined
      const lower =
        last === undefined || (indexed.atLeast !== undefined && indexed.atLeast > last) ? indexed.atLeast : last
      if (lower !== undefined) query = query.where(text, '>=', lower)
      // then past the last record read, in (date, id) order
      if (after !== undefined && last !== undefined) {
        query = query.where(sql<boolean>`(${text} > ${last} or id > ${after.id})`)
      }
      query = query.orderBy(text).orderBy('id')
    }
    for (const range of ranges) {
      if (range.atLeast !== undefined && range !== indexed) query = query.where(range.text, '>=', range.atLeast)
      if (range.below !== undefined) query = query.where(range.text, '<', range.below)
    }
    if (sites !== 'all') query = query.where('site_code', 'in', [...sites])
    const rows = query.execute()
    // a page read ahead is awaited only at its turn: its failure must not count as unhandled before
    rows.catch(() => undefined)
    return rows
  }
  // PostgreSQL runs apart: it finds the next page while this process writes the one
  // before (without, the export waited on it a third of the time). SQLite runs in this
  // thread, where reading ahead would only hold two pages instead of one.
  const readAhead = isPostgres(db)
  let page = read(undefined)
  try {
    for (;;) {
      const rows: Row[] = await page
      const end = rows.length === pageSize ? rows[rows.length - 1]! : undefined
      const last = end && { id: end.id, key: end.page_key }
      if (readAhead && last !== undefined) page = read(last)
      if (rows.length > 0) yield rows.map((row) => ({ id: row.id, siteCode: row.site_code, data: row.data }))
      if (last === undefined) return
      if (!readAhead) page = read(last)
    }
  } finally {
    // a reader that stops early (the client went away) leaves no query unanswered
    await page.catch(() => undefined)
  }
}
