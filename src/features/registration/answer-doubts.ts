/**
 * Answers that the person's age makes doubtful, beside the vulnerability flags
 * (vulnerability-doubts.ts): a child said to consent for themselves, months in Libya or
 * Algeria beyond the person's life, a departure from home before their birth. Said where
 * the answer is given and on the review, never a reason to refuse the save: an age is
 * often estimated, and a registrar who saw the person may know better than the form. The
 * shared rule `not_a_child` refuses the reverse (a guardian's consent for an adult);
 * data-model.md sets no bound on the months but the schema's 600.
 */
import { estimatedDateOfBirth } from '@/components/dates'
import { readWholeNumber } from '@/shared/text/whole-number'
import type { AGE_GROUPS } from '@/shared/schemas/codes'
import type { RegistrationValues } from './registration-values'
import { ageGroupOf, DOUBT_FIELDS, isDay } from './vulnerability-doubts'

/** The answers the doubts are worked out from. */
export const ANSWER_DOUBT_FIELDS = [
  ...DOUBT_FIELDS,
  'consentGivenBy',
  'leftHomeOn',
  'monthsInLibya',
  'monthsInAlgeria',
] as const satisfies readonly (keyof RegistrationValues)[]

export type AnswerDoubtValues = Pick<RegistrationValues, (typeof ANSWER_DOUBT_FIELDS)[number]>

/** Why an answer is doubtful: a child consents for themselves, months longer than a life, a departure before birth. */
export type AnswerDoubtReason = 'childConsents' | 'monthsBeyondAge' | 'leftBeforeBirth'

export interface AnswerDoubt {
  field: 'consentGivenBy' | 'leftHomeOn' | 'monthsInLibya' | 'monthsInAlgeria'
  reason: AnswerDoubtReason
}

/** Under 18 (data-model.md's boys and girls): the groups whose consent a guardian or staff gives. */
const CHILDREN: readonly (typeof AGE_GROUPS)[number][] = ['0_4', '5_11', '12_17']

/**
 * The earliest day the person may have been born by the answers (an estimated age of 34
 * stands for anyone from 34 to just under 35), or undefined while unknown.
 */
function earliestBirth(v: AnswerDoubtValues): string | undefined {
  if (!isDay(v.registeredOn)) return undefined
  if (v.birthMode === 'date') return isDay(v.dateOfBirth) && v.dateOfBirth <= v.registeredOn ? v.dateOfBirth : undefined
  const age = readWholeNumber(v.estimatedAge)
  return age.ok && age.value <= 120 ? estimatedDateOfBirth(age.value + 1, v.registeredOn) : undefined
}

/** Whole months from one day to a later one (both YYYY-MM-DD). */
function monthsBetween(from: string, to: string): number {
  const months =
    (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7))
  return to.slice(8) < from.slice(8) ? months - 1 : months
}

/** The answers the person's age makes doubtful, in the form's order. */
export function answerDoubts(v: AnswerDoubtValues): AnswerDoubt[] {
  if (v.consentProcessing !== 'yes') return []
  const group = ageGroupOf(v)
  const doubts: AnswerDoubt[] = []
  if (v.consentGivenBy === 'person' && group && CHILDREN.includes(group)) {
    doubts.push({ field: 'consentGivenBy', reason: 'childConsents' })
  }
  const born = earliestBirth(v)
  if (!born) return doubts
  if (isDay(v.leftHomeOn) && v.leftHomeOn < born) doubts.push({ field: 'leftHomeOn', reason: 'leftBeforeBirth' })
  const lived = monthsBetween(born, v.registeredOn)
  for (const field of ['monthsInLibya', 'monthsInAlgeria'] as const) {
    const months = readWholeNumber(v[field])
    if (months.ok && months.value > lived) doubts.push({ field, reason: 'monthsBeyondAge' })
  }
  return doubts
}
