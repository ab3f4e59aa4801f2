/**
 * Streamed CSV (docs/api.md, Exports): UTF-8 with a BOM, CRLF row ends, a header row and
 * an HXL hashtag row under it, then the table's rows as its pages arrive, a page at a
 * time into a Readable read as fast as the client takes it (no page is read from the
 * database before the previous one is sent; on PostgreSQL, one ahead: record-stream.ts).
 * Each line as shared/text/csv-lines.ts writes it (RFC 4180's quoting, formulas defused).
 */
import { Readable } from 'node:stream'
import { csvLines } from '../../shared/text/csv-lines'
import type { ExportTable } from './export-table'

export const CSV_TYPE = 'text/csv; charset=utf-8'

/** The table as a CSV byte stream; the table's pages are read only as the stream is. */
export function csvStream(table: ExportTable): Readable {
  async function* chunks() {
    // the BOM lets spreadsheets read accents (Aïchatou, Séguédine) as UTF-8
    yield (
      '\ufeff' +
      csvLines([table.columns.map((column) => column.header), table.columns.map((column) => column.hxl ?? '')])
    )
    for await (const page of table.pages) {
      if (page.length > 0) yield csvLines(page)
    }
  }
  return Readable.from(chunks(), { objectMode: false })
}
