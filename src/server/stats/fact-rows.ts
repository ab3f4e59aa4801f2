/**
 * What the person-level figures' tables of facts (stats_facts, stats_vulnerabilities)
 * share: a write replaces the rows of the records it touched in its change transaction,
 * a chunk of ids or rows per statement, and a migration fills a table from the live
 * records, a page at a time. Which rows a record's version gives is each table's own
 * (stats-facts.ts, vulnerability-facts.ts).
 */
import type { Db } from '../db/open'
import type { RecordsTable } from '../db/schema'
import type { Trx } from '../store/change-transaction'
import { parseData, type StoredRecord } from '../store/records'

/** Ids per DELETE and rows per INSERT: far below PostgreSQL's parameter limit. */
const CHUNK = 500
/** Records read per page while filling a table. */
const FILL_PAGE = 5000

/** A record's version as the facts read it. */
export type FactSource = Pick<StoredRecord, 'id' | 'entity' | 'siteCode' | 'deleted' | 'data'>

/** Runs `statement` on `items` a chunk at a time, one after the other. */
export async function inChunks<T>(items: readonly T[], statement: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += CHUNK) await statement(items.slice(i, i + CHUNK))
}

/** The live records of `entities`, a page at a time in the order of their ids (a table's fill). */
export async function* liveRecordPages(
  db: Db | Trx,
  entities: readonly RecordsTable['entity'][],
): AsyncGenerator<FactSource[]> {
  for (let after = ''; ;) {
    const page = await db
      .selectFrom('records')
      .select(['id', 'entity', 'site_code', 'data'])
      .where('entity', 'in', entities)
      .where('deleted', '=', 0)
      .where('id', '>', after)
      .orderBy('id')
      .limit(FILL_PAGE)
      .execute()
    yield page.map((row) => ({
      id: row.id,
      entity: row.entity,
      siteCode: row.site_code,
      deleted: false,
      data: parseData(row.data),
    }))
    const last = page.at(-1)
    if (last === undefined || page.length < FILL_PAGE) return
    after = last.id
  }
}
