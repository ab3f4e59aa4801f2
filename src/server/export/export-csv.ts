/**
 * CSV exports (sync-protocol.md, Other endpoints): one entity at the caller's sites
 * (every site for an admin), deleted records left out, as UTF-8 CSV with a header row
 * and an HXL hashtag row under it. Written with csv-stringify (quoting, line breaks);
 * text cells that a spreadsheet would run as formulas are defused (formula-cells.ts).
 */
import { stringify } from 'csv-stringify/sync'
import type { SessionUser } from '../../shared/schemas/auth'
import type { Entity } from '../../shared/schemas/entities'
import type { Db } from '../db/open'
import { listSites } from '../store/sites'
import { parseData } from '../store/records'
import { EXPORT_COLUMNS } from './columns'
import { defuseFormula } from './formula-cells'

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  // numbers and booleans stay as they are: `-1` in a count column is a number, not a formula
  return typeof value === 'string' ? defuseFormula(value) : String(value)
}

export interface ExportResult {
  csv: string
  rows: number
}

export async function exportCsv(
  db: Db,
  user: SessionUser,
  entity: Entity,
  { personal }: { personal: boolean },
): Promise<ExportResult> {
  const columns = EXPORT_COLUMNS[entity].filter((column) => personal || !column.personal)
  const sites = new Map((await listSites(db)).map((site) => [site.code, site]))
  let query = db
    .selectFrom('records')
    .select(['data', 'site_code'])
    .where('entity', '=', entity)
    .where('deleted', '=', 0)
    .orderBy('site_code')
    .orderBy('id')
  if (user.role !== 'admin') {
    if (user.sites.length === 0) query = query.where('site_code', '=', '')
    else query = query.where('site_code', 'in', user.sites)
  }
  const records = await query.execute()
  const lines = [columns.map((column) => column.header), columns.map((column) => column.hxl ?? '')]
  for (const record of records) {
    const data = parseData(record.data) ?? {}
    const site = sites.get(record.site_code)
    lines.push(columns.map((column) => cell(column.value(data, site))))
  }
  // the BOM lets spreadsheets read accents (Aïchatou, Séguédine) as UTF-8
  // quote_record_delimiter: with CRLF rows csv-stringify would leave a lone LF unquoted, splitting the row
  const csv = stringify(lines, { bom: true, record_delimiter: 'windows', quote_record_delimiter: true })
  return { csv, rows: records.length }
}
