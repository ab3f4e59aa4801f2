/**
 * The live records of one entity at some sites, read in pages for a streamed export.
 * Keyset pagination on the primary key (`id > last id of the previous page`, ordered by
 * id), so each page is a short range scan of the primary key index on SQLite and
 * PostgreSQL alike, no connection is held between pages (SQLite has one, shared with
 * every other request), and memory holds one page at a time (two on PostgreSQL, which
 * finds the next page while this process writes the one before). Ids are UUIDv7, so rows
 * come roughly in the order they were created. A record changed while the export runs
 * comes once, in whichever version its page read; one created meanwhile may or may not.
 */
import type { Entity } from '../../shared/schemas/entities'
import { isPostgres, type Db } from '../db/open'

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

export async function* recordPages(
  db: Db,
  { entity, sites, pageSize = EXPORT_PAGE_SIZE }: { entity: Entity; sites: SiteScope; pageSize?: number },
): AsyncGenerator<StoredRecord[]> {
  if (sites !== 'all' && sites.length === 0) return
  type Row = { id: string; site_code: string; data: string | null }
  const read = (after: string | undefined): Promise<Row[]> => {
    let query = db
      .selectFrom('records')
      .select(['id', 'site_code', 'data'])
      .where('entity', '=', entity)
      .where('deleted', '=', 0)
      .orderBy('id')
      .limit(pageSize)
    if (sites !== 'all') query = query.where('site_code', 'in', [...sites])
    if (after !== undefined) query = query.where('id', '>', after)
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
      const last = rows.length === pageSize ? rows[rows.length - 1]!.id : undefined
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
