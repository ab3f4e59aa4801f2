/**
 * A small RFC 4180 CSV reader: comma-separated, fields may be double-quoted, a quote
 * inside a quoted field is doubled, quoted fields may hold commas and line breaks.
 */

/** Parses CSV text into rows of fields (a BOM and a final empty line are ignored). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  const input = text.replace(/^\uFEFF/, '')
  for (let i = 0; i < input.length; i++) {
    const char = input[i]
    if (quoted) {
      if (char === '"' && input[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') {
        quoted = false
      } else {
        field += char
      }
    } else if (char === '"' && field === '') {
      quoted = true
    } else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && input[i + 1] === '\n') i++
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else {
      field += char
    }
  }
  if (quoted) throw new Error('CSV: a quoted field is not closed')
  if (field !== '' || row.length > 0) rows.push([...row, field])
  return rows
}

/** Parses CSV with a header row into one object per line, keyed by the header. */
export function parseCsvObjects(text: string): Record<string, string>[] {
  const [header, ...lines] = parseCsv(text)
  if (header === undefined) return []
  return lines
    .filter((line) => line.some((field) => field !== ''))
    .map((line) => Object.fromEntries(header.map((name, i) => [name.trim(), line[i] ?? ''])))
}
