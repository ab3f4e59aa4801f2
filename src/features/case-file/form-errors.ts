/**
 * The case file's forms validate with the shared schemas through zodResolver. Zod's own
 * words are English: `issueKey` (a per-parse error map) answers a translation key for
 * each generic issue, and the forms' own rules carry a key as their message.
 */
import type { TFunction } from 'i18next'
import type { FieldError, FieldErrors, FieldValues } from 'react-hook-form'
import type { SummaryItem } from '@/components/error-summary'
import { messageParts, sayMessage, tooBigMessage } from '@/components/field-message'
import { isNotWholeIssue, numberMessage } from '@/components/whole-number'

interface Issue {
  code: string
  input?: unknown
  origin?: string
  expected?: unknown
  maximum?: number | bigint
  path?: PropertyKey[]
}

/** The translation key for a generic zod issue (a rule with its own message keeps it). */
export function issueKey(issue: Issue): string {
  // a decimal where a whole number is needed: said as such, not as "required"
  if (isNotWholeIssue(issue)) return numberMessage({ problem: 'notWhole' })
  const empty = issue.input === undefined || issue.input === '' || Number.isNaN(issue.input)
  if (issue.code === 'invalid_type' || (issue.code === 'invalid_value' && empty)) return 'form.required'
  if (issue.code === 'too_small' && issue.origin === 'string') return 'form.required'
  if ((issue.code === 'too_small' || issue.code === 'too_big') && issue.origin === 'number') {
    return 'caseFile.errors.quantityRange'
  }
  if (issue.code === 'too_big') return tooBigMessage(issue)
  return 'form.invalid'
}

export const schemaOptions = { error: issueKey }

/**
 * A field's error in words. `fallback` stands for a shared rule whose message is not a
 * key: on a date field, the schema's "a possible date" rule.
 */
export function errorText(t: TFunction, error: FieldError | undefined, fallback = 'form.invalid') {
  if (!error) return undefined
  const message = error.message
  return message && /^(form|caseFile|referrals)\./.test(messageParts(message).key)
    ? sayMessage(t, message)
    : t(fallback)
}

/** The summary above a refused form: one link per field, in the order given. */
export function summaryItems<V extends FieldValues>(
  t: TFunction,
  errors: FieldErrors<V>,
  fields: readonly { name: keyof V & string; id: string; label: string; fallback?: string }[],
): SummaryItem[] {
  return fields.flatMap((f) => {
    const message = errorText(t, errors[f.name] as FieldError | undefined, f.fallback)
    return message ? [{ id: f.id, label: f.label, message }] : []
  })
}
