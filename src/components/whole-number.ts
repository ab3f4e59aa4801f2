/**
 * A whole number typed in a number field (a count, an age, months), read the same way by
 * every form, so that each message says the mistake made: nothing typed, not a number, a
 * decimal, below zero. The range each field allows stays in its own words.
 */
export type NumberProblem = 'empty' | 'notNumber' | 'notWhole' | 'negative'

export type WholeNumber = { ok: true; value: number } | { ok: false; problem: NumberProblem }

/** The translation key for each problem, where a field has no words of its own for it. */
export const NUMBER_PROBLEM_KEYS: Record<NumberProblem, string> = {
  empty: 'form.required',
  notNumber: 'form.numberDigits',
  notWhole: 'form.wholeNumber',
  negative: 'form.notNegative',
}

/** The whole number ≥ 0 typed, or what is wrong with it (a decimal is said before its sign). */
export function readWholeNumber(raw: string): WholeNumber {
  const text = raw.trim()
  if (text === '') return { ok: false, problem: 'empty' }
  // up to 15 digits stay exact in a JavaScript number; a comma is a decimal mark too
  if (!/^-?\d{1,15}([.,]\d+)?$/.test(text)) return { ok: false, problem: 'notNumber' }
  const value = Number(text.replace(',', '.'))
  if (!Number.isInteger(value)) return { ok: false, problem: 'notWhole' }
  if (value < 0) return { ok: false, problem: 'negative' }
  return { ok: true, value: Math.abs(value) } // "-0" is 0
}

/** Whether a zod issue says a number has decimals where a whole one is needed (`z.int()`). */
export function isNotWholeIssue(issue: { code: string; expected?: unknown; input?: unknown }): boolean {
  return (
    issue.code === 'invalid_type' &&
    issue.expected === 'int' &&
    typeof issue.input === 'number' &&
    Number.isFinite(issue.input)
  )
}
