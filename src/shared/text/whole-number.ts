/**
 * A whole number as a person types it in a form (a count, an age, months, a cost), read
 * one way by every form. The digits may be the phone's: ASCII, Arabic-Indic (U+0660-0669)
 * or Extended Arabic-Indic (U+06F0-06F9), with spaces around them.
 *
 * Nothing is guessed. A dot, a comma or a space between digits groups thousands in French
 * ("350.000", "350 000") and marks decimals elsewhere, so a number typed with one is
 * refused, with the digits it would make said back, never read as a number 1,000 times
 * smaller or larger. Only a mark followed by other than three digits is surely a decimal
 * ("1.5", "2,25"): refused as such. No sign but a minus (refused as below zero), no
 * exponent ("1e1"), nothing above the field's maximum.
 */
import { typedText } from './typed-digits'

/** What is wrong with a number typed; `separators` and `tooBig` carry what their message says. */
export type NumberRefusal =
  | { problem: 'empty' | 'notNumber' | 'notWhole' | 'negative' }
  | { problem: 'separators'; digits: string }
  | { problem: 'tooBig'; max: number }

export type NumberProblem = NumberRefusal['problem']

export type WholeNumber = { ok: true; value: number } | ({ ok: false } & NumberRefusal)

/** The largest whole number every digit of which a JavaScript number keeps (15 digits). */
export const MAX_EXACT_WHOLE = 999_999_999_999_999

/**
 * The text with ASCII digits and marks (typed-digits.ts): the Arabic decimal and thousands
 * marks and comma as "." and ",", a minus sign as "-".
 */
function plainNumberText(raw: string): string {
  return typedText(raw)
    .replace(/\u066b/g, '.')
    .replace(/[\u066c\u060c]/g, ',')
    .replace(/\u2212/g, '-')
}

/** Digits, perhaps in groups split by a dot, a comma or a space, after an optional minus. */
const NUMBER_TYPED = /^(-?)(\d+(?:[ .,]\d+)*)$/

/**
 * The whole number ≥ 0 typed, at most `max`, or what is wrong with it. A decimal is said
 * before its sign and a sign before grouping marks: the first thing to fix first.
 */
export function readWholeNumber(raw: string, max = MAX_EXACT_WHOLE): WholeNumber {
  const text = plainNumberText(raw)
  if (text === '') return { ok: false, problem: 'empty' }
  const match = NUMBER_TYPED.exec(text)
  if (!match) return { ok: false, problem: 'notNumber' }
  const [, minus, body = ''] = match
  const groups = body.split(/[ .,]/)
  const [, after] = groups
  const decimal = groups.length === 2 && after !== undefined && after.length !== 3 && !body.includes(' ')
  if (decimal) return { ok: false, problem: 'notWhole' }
  const digits = groups.join('').replace(/^0+(?=\d)/, '')
  const value = Number(digits)
  if (minus && value !== 0) return { ok: false, problem: 'negative' }
  if (groups.length > 1) return { ok: false, problem: 'separators', digits }
  if (value > max) return { ok: false, problem: 'tooBig', max }
  return { ok: true, value }
}
