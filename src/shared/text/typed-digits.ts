/**
 * Digits as a person types them on a phone, made ASCII before a form reads them: the
 * phone's keyboard may give ASCII, Arabic-Indic (U+0660-0669) or Extended Arabic-Indic
 * (U+06F0-06F9) digits, with invisible direction marks around them (an Arabic keyboard
 * adds them). Records keep ASCII: the server's schemas take ASCII digits only, and every
 * phone shows a stored number the same way.
 *
 * Read here: a phone number (its shape is the schema's to judge) and a decimal number (a
 * site's coordinates). Whole numbers are whole-number.ts's.
 */

const ARABIC_INDIC_ZERO = 0x0660
const EXTENDED_ARABIC_INDIC_ZERO = 0x06f0

/** `text` with its Arabic-Indic and Extended Arabic-Indic digits as ASCII digits, the rest unchanged. */
export function asciiDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06f0-\u06f9]/g, (d) => {
    const code = d.charCodeAt(0)
    return String(code - (code >= EXTENDED_ARABIC_INDIC_ZERO ? EXTENDED_ARABIC_INDIC_ZERO : ARABIC_INDIC_ZERO))
  })
}

/** `raw` with ASCII digits, without invisible format characters (\p{Cf}), every run of spaces as one space, trimmed. */
export function typedText(raw: string): string {
  return asciiDigits(raw)
    .replace(/\p{Cf}/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * A phone number as typed, as it is stored: "+٢٢٧ ٩٠ ١٢ ٣٤ ٥٦" is "+227 90 12 34 56".
 * Nothing else is changed, so that what is not a phone number ("90-12", "call me") is
 * still refused by the schema, at the field.
 */
export const typedPhoneNumber = (raw: string): string => typedText(raw)

export type Decimal = { ok: true; value: number } | { ok: false; problem: 'empty' | 'notNumber' }

/** Digits, then perhaps one decimal mark and more digits, after an optional sign. */
const DECIMAL_TYPED = /^[-+]?\d+(?:[.,]\d+)?$/

/**
 * A decimal number typed (a coordinate): its mark a point, a French comma or the Arabic
 * decimal separator "٫" (U+066B), a minus sign (U+2212) as "-". Nothing is guessed: the
 * Arabic thousands separator "٬" or comma "،", a second mark, an exponent, a bare mark or
 * anything else is not a number.
 */
export function readDecimal(raw: string): Decimal {
  const text = typedText(raw)
    .replace(/\u066b/g, '.')
    .replace(/\u2212/g, '-')
  if (text === '') return { ok: false, problem: 'empty' }
  if (!DECIMAL_TYPED.test(text)) return { ok: false, problem: 'notNumber' }
  return { ok: true, value: Number(text.replace(',', '.')) }
}
