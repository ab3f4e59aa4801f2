/**
 * What of kept work (lost-site-work.ts, moved-case-work.ts) a withdrawal of consent must
 * reach, told apart before it is sealed: the free text of a case's assistance and
 * referrals (FREE_TEXT, which may name the person), kept apart so that a withdrawal can
 * erase it alone, and the case the work is about, kept in clear so that the withdrawal
 * finds the work without opening anything. The rest of the work holds nothing personal
 * beyond what its case holds, save a kept edit of the case itself, which the withdrawal
 * deletes whole (withdrawn-kept-work.ts).
 */
import type { Mutation } from '../../shared/schemas/sync'
import { CASE_PARTS } from '../../shared/site-kinds'
import { FREE_TEXT, withoutFreeText } from './case-file'
import type { RecordData } from './records'

const isObject = (value: unknown): value is RecordData =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/**
 * A mutation's free text apart from the rest: the mutation with it blank (`—`, as a
 * withdrawal of consent leaves the case's records), and the text (null: none).
 */
export function splitKeptText(mutation: Mutation): { mutation: Mutation; text: Record<string, string> | null } {
  const data = isObject(mutation.data) ? mutation.data : undefined
  const fields = (FREE_TEXT[mutation.entity] ?? []).filter((field) => typeof data?.[field] === 'string')
  if (!data || fields.length === 0) return { mutation, text: null }
  const text = Object.fromEntries(fields.map((field) => [field, data[field] as string]))
  return { mutation: { ...mutation, data: withoutFreeText(mutation.entity, data) }, text }
}

/** The mutation with its free text back; fields the text does not hold stay as they are (blank, when erased). */
export function withKeptText(mutation: Mutation, text: Record<string, string>): Mutation {
  if (!isObject(mutation.data)) return mutation
  const fields = (FREE_TEXT[mutation.entity] ?? []).filter((field) => typeof text[field] === 'string')
  if (fields.length === 0) return mutation
  return { ...mutation, data: { ...mutation.data, ...Object.fromEntries(fields.map((field) => [field, text[field]])) } }
}

/** The case (registration id) kept work is about, when it is a case's: the registration itself, or the case it names. */
export function keptWorkCase(mutation: Mutation): string | null {
  if (mutation.entity === 'registration') return mutation.recordId
  if (!CASE_PARTS.includes(mutation.entity) || !isObject(mutation.data)) return null
  const caseId = mutation.data.registrationId
  return typeof caseId === 'string' ? caseId : null
}
