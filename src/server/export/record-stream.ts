/**
 * The live records of one entity at some sites, read in pages for a streamed export.
 * Keyset pagination on the primary key (`id > last id of the previous page`, ordered by
 * id), so each page is a short range scan of the primary key index on SQLite and
 * PostgreSQL alike, no connection is held between pages (SQLite has one, shared with
 * every other request), and memory holds one page at a time. Ids are UUIDv7, so rows
 * come roughly in the order they were created. A record changed while the export runs
 * comes once, in whichever version its page read; one created meanwhile may or may not.
 */
import type { Entity } from '../../shared/schemas/entities'
import type { Db } from '../db/open'

export interface StoredRecord {
  id: string
  siteCode: string
  data: string | null
}

/** Which sites: every one (an admin who named none), or these codes (possibly none). */
export type SiteScope = 'all' | readonly string[]

export const EXPORT_PAGE_SIZE = 1000

export async function* recordPages(
  db: Db,
  { entity, sites, pageSize = EXPORT_PAGE_SIZE }: { entity: Entity; sites: SiteScope; pageSize?: number },
): AsyncGenerator<StoredRecord[]> {
  if (sites !== 'all' && sites.length === 0) return
  let after: string | undefined
  for (;;) {
    let query = db
      .selectFrom('records')
      .select(['id', 'site_code', 'data'])
      .where('entity', '=', entity)
      .where('deleted', '=', 0)
      .orderBy('id')
      .limit(pageSize)
    if (sites !== 'all') query = query.where('site_code', 'in', [...sites])
    if (after !== undefined) query = query.where('id', '>', after)
    const rows = await query.execute()
    if (rows.length > 0) yield rows.map((row) => ({ id: row.id, siteCode: row.site_code, data: row.data }))
    if (rows.length < pageSize) return
    after = rows[rows.length - 1]!.id
  }
}
