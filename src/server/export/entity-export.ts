/**
 * An entity export as a table (export-table.ts): one row per live record at the sites
 * in scope (a merged case aside), of the days asked for if any (export-days.ts), the
 * columns of columns.ts (the personal ones, record ids among them, only when asked;
 * their coarse stand-ins only when not), the seed sites named in the user's language,
 * each record's cells computed as its page arrives.
 */
import type { Entity } from '../../shared/schemas/entities'
import type { ExportDays } from '../../shared/schemas/export'
import { seedSiteName } from '../../shared/seed-site-names'
import type { Db } from '../db/open'
import { parseData } from '../store/records'
import { listSites } from '../store/sites'
import { EXPORT_COLUMNS } from './columns'
import { exportDayFilter } from './export-days'
import type { Cell, ExportTable } from './export-table'
import { recordPages, type SiteScope } from './record-stream'

export interface EntityExportOptions {
  entity: Entity
  personal: boolean
  sites: SiteScope
  /** First and last day (Niger), both included; either may be absent. */
  days?: ExportDays
  /** The language the seed sites are named in (seed-site-names.ts); absent: as stored. */
  lang?: string | undefined
  pageSize?: number
}

/**
 * A case merged into another is left out, as from the app's lists and the figures: the
 * kept case stands for the person, so that no one is counted twice. Undoing the merge
 * brings it back.
 */
const isExported = (entity: Entity, data: Record<string, unknown>) =>
  entity !== 'registration' || data.mergedInto === undefined

export async function entityExportTable(
  db: Db,
  { entity, personal, sites: scope, days = {}, lang, pageSize }: EntityExportOptions,
): Promise<ExportTable> {
  const columns = EXPORT_COLUMNS[entity].filter((column) => (personal ? column.coarse !== true : !column.personal))
  const sites = new Map((await listSites(db)).map((site) => [site.code, { ...site, name: seedSiteName(site, lang) }]))
  const filter = exportDayFilter(db, entity, days)
  const read = { entity, sites: scope, ranges: filter?.ranges, indexed: filter?.indexed, pageSize }
  async function* pages(): AsyncGenerator<Cell[][]> {
    for await (const records of recordPages(db, read)) {
      yield records.flatMap((record) => {
        const data = parseData(record.data) ?? {}
        if (!isExported(entity, data)) return []
        // the read asked for a text range a little wider than the days (a time's day in Niger): the exact days
        if (filter !== undefined && !filter.keeps(data)) return []
        const site = sites.get(record.siteCode)
        return [columns.map((column) => column.value(data, site))]
      })
    }
  }
  return { columns: columns.map(({ header, hxl }) => ({ header, hxl })), pages: pages() }
}
