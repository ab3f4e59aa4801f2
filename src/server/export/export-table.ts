/**
 * What an export writes, whatever the format: its columns (a header and an HXL tag
 * each) and its rows, arriving in pages. The CSV and XLSX writers (export-csv.ts,
 * export-xlsx.ts) take one; entity exports (entity-export.ts) and aggregates make one.
 */

import type { CsvCell } from '../../shared/text/csv-lines'

/** A cell, as the CSV writer takes it (the XLSX one as well). */
export type Cell = CsvCell

export interface ExportColumn {
  header: string
  /** The HXL hashtag; empty cell in the tag row when absent. */
  hxl?: string | undefined
}

export interface ExportTable {
  columns: readonly ExportColumn[]
  /** Rows of cells in column order, a page at a time; read once. */
  pages: AsyncIterable<readonly Cell[][]>
}

/** Counts rows as they pass, for the log line of a finished export. */
export function countingRows(table: ExportTable): { table: ExportTable; rows(): number } {
  let rows = 0
  async function* pages() {
    for await (const page of table.pages) {
      rows += page.length
      yield page
    }
  }
  return { table: { columns: table.columns, pages: pages() }, rows: () => rows }
}
