/**
 * CSV injection (OWASP, CSV Injection): a spreadsheet runs a cell as a formula when it
 * starts with `=`, `+`, `-` or `@` — and it looks after trimming and normalising, so
 * ` =1+1`, a line break then `=1+1`, or the full-width `＝1+1` run too. Such a text cell
 * gets a leading `'`, which spreadsheets read as "this is text". The check sees the cell
 * as a spreadsheet might: NFKC (`＝` is `=`), with leading spaces, control characters
 * and invisible format characters (zero-width space, bidi marks, BOM) dropped. A cell
 * that starts with a tab or a carriage return is quoted whatever follows. Only text is
 * ever changed: a number column keeps `-1` a number. CSV only: an XLSX holds text in
 * string cells, which never run, and shows the text as it is (server/export/export-xlsx.ts).
 */

const FORMULA_START = /^[=+\-@]/
/** Spaces of every kind, controls (tab, CR, LF…) and invisible format characters. */
const LEADING_FILLER = /^[\s\p{Z}\p{Cc}\p{Cf}]+/u
/** A first character that needs no closer look: printable ASCII other than = + - @. */
const PLAIN_START = /^[\x21-\x2A\x2C\x2E-\x3C\x3E\x3F\x41-\x7E]/

/** The text as a spreadsheet should show it: quoted with `'` when it would run as a formula. */
export function defuseFormula(text: string): string {
  // most cells (ids, codes, dates, names) start with a letter or a digit: skip the normalisation
  if (PLAIN_START.test(text)) return text
  if (text.startsWith('\t') || text.startsWith('\r')) return `'${text}`
  const seen = text.replace(LEADING_FILLER, '').normalize('NFKC').replace(LEADING_FILLER, '')
  return FORMULA_START.test(seen) ? `'${text}` : text
}
