/**
 * What a person's typed text becomes before anything stores it: NFC-normalised, with
 * the invisible characters that keyboards and copy-paste slip in removed (Arabic
 * keyboards insert bidi marks, messaging apps zero-width joiners), lone surrogate
 * halves dropped, and trimmed. The schemas apply it themselves, so the form, the
 * device's database and the server all hold the same cleaned text.
 */

// C0 and C1 controls (tab and line feed are handled apart), the soft hyphen, the Arabic
// letter mark, zero-width space/non-joiner/joiner, bidi marks, embeddings, overrides and
// isolates, the word joiner and other invisible operators, and the byte-order mark.
const INVISIBLE =
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF]/gu
// a high surrogate not followed by a low one, or a low one not preceded by a high one
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g

/** One-line text (a name, a town): line breaks and tabs become spaces. */
export function cleanLine(text: string): string {
  return cleanCommon(text)
    .replace(/[\t\n]/g, ' ')
    .trim()
}

/** Text that may hold several lines (notes): line breaks are kept as `\n`. */
export function cleanParagraphs(text: string): string {
  return cleanCommon(text).replace(/\t/g, ' ').trim()
}

function cleanCommon(text: string): string {
  return text.replace(LONE_SURROGATE, '').replace(LINE_BREAKS, '\n').replace(INVISIBLE, '').normalize('NFC')
}
