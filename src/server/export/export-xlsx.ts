/**
 * Streamed XLSX (docs/api.md, Exports): the same columns and rows as the CSV, a header
 * row and an HXL row on top, written with exceljs's streaming WorkbookWriter (strings
 * in the cells, no shared-string table, no styles), each row committed as soon as it is
 * written. Numbers stay numbers. Text is written as it is, as a string cell: a cell of an
 * XLSX is a formula only when it holds one (`<f>`), which this writer never writes, so
 * `+227 90 12 34 56` or `=1+1` is shown and read back as that text. The CSV's leading
 * `'` (formula-cells.ts) would only corrupt it here, and is left out. Characters XML
 * cannot hold become U+FFFD.
 *
 * exceljs does not wait for a slow reader: it would buffer the whole sheet. Between
 * pages the writer waits until the sheet's bytes have been taken in by the zip
 * (sheetDrained), and the zip's output by the client (Node's backpressure), so memory
 * holds about a page. A sheet holds at most 1,048,576 rows: past that the rows go on in
 * a second sheet, with its own header and HXL rows.
 */
import { once } from 'node:events'
import { PassThrough, type Readable, type Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { Cell, ExportTable } from './export-table'

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
/** Excel's limit of rows per sheet, the header and HXL rows included. */
export const XLSX_MAX_ROWS = 1_048_576

/** Characters XML 1.0 does not allow (controls but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF): Excel would call the file corrupt. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- these control characters are exactly what must go
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** A cell's value: text stays a string (never a formula: no `'` added), numbers and booleans stay theirs. */
function xlsxCell(value: Cell): string | number | boolean | null {
  if (value === undefined || value === null) return null
  return typeof value === 'string' ? value.replace(NOT_XML, '\uFFFD') : value
}

/** A writable of Node's streams or of the readable-stream package archiver uses (no `writableNeedDrain` there). */
type Pipe = Writable & { _writableState?: { needDrain?: boolean } }
type Sheet = ExcelJS.Worksheet & { commit(): void; stream?: { pipes?: Pipe[] } }

const needsDrain = (pipe: Pipe) =>
  !pipe.destroyed && (pipe.writableNeedDrain ?? pipe._writableState?.needDrain ?? false) === true

/**
 * Waits until the zip has taken what the sheet wrote. The worksheet's buffer (exceljs's
 * StreamBuf) hands its bytes to the zip through `pipes`, ignoring their backpressure;
 * their `drain` says when they have room again. Should exceljs change this inside, the
 * wait becomes a mere yield to the event loop: the export still completes.
 */
async function sheetDrained(sheet: Sheet, out: Writable): Promise<void> {
  for (const pipe of sheet.stream?.pipes ?? []) {
    if (!needsDrain(pipe)) continue
    const done = new AbortController()
    const { signal } = done
    try {
      await Promise.race([once(pipe, 'drain', { signal }), once(out, 'close', { signal })])
    } finally {
      done.abort() // the other wait's listener goes
    }
  }
  await new Promise((resolve) => setImmediate(resolve))
}

export interface XlsxOptions {
  /** The name of the first sheet (the next are numbered): at most 31 characters, no `[]:*?/\`. */
  sheetName: string
  /** Rows per sheet, the header and HXL rows included (tests lower it). */
  maxRowsPerSheet?: number
}

/** The table as an XLSX byte stream; the table's pages are read only as the stream is. */
export function xlsxStream(table: ExportTable, { sheetName, maxRowsPerSheet = XLSX_MAX_ROWS }: XlsxOptions): Readable {
  const out = new PassThrough()
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false })
  const header = table.columns.map((column) => column.header)
  const hxl = table.columns.map((column) => column.hxl ?? null)
  let sheets = 0
  const newSheet = (): Sheet => {
    sheets += 1
    const sheet = workbook.addWorksheet(sheets === 1 ? sheetName : `${sheetName.slice(0, 27)} (${sheets})`) as Sheet
    sheet.addRow(header).commit()
    sheet.addRow(hxl).commit()
    return sheet
  }

  async function write(): Promise<void> {
    let sheet = newSheet()
    let rowsInSheet = 2
    for await (const page of table.pages) {
      if (out.destroyed) return // the client went away: stop reading the database
      for (const row of page) {
        if (rowsInSheet >= maxRowsPerSheet) {
          sheet.commit()
          sheet = newSheet()
          rowsInSheet = 2
        }
        sheet.addRow(row.map(xlsxCell)).commit()
        rowsInSheet += 1
      }
      await sheetDrained(sheet, out)
    }
    sheet.commit()
    await workbook.commit()
  }

  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))))
  return out
}
