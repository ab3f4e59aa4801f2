/**
 * What a form says of a whole number it refuses (shared/text/whole-number.ts reads it), so
 * that each message says the mistake made: nothing typed, not digits, a decimal, below
 * zero, digits grouped with dots, commas or spaces, above the maximum. A field says in its
 * own words what it has words for (its range, most often).
 */
import type { NumberProblem, NumberRefusal } from '@/shared/text/whole-number'
import { messageWith } from './field-message'

/** The message for each problem where a field has no words of its own for it. */
export function numberMessage(
  refusal: NumberRefusal,
  own: Partial<Record<NumberProblem, string | undefined>> = {},
): string {
  const words = own[refusal.problem]
  if (words) return words
  switch (refusal.problem) {
    case 'empty':
      return 'form.required'
    case 'notNumber':
      return 'form.numberDigits'
    case 'notWhole':
      return 'form.wholeNumber'
    case 'negative':
      return 'form.notNegative'
    case 'separators':
      return messageWith('form.digitsOnly', { digits: refusal.digits })
    case 'tooBig':
      return messageWith('form.atMost', { max: refusal.max })
  }
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
