/**
 * Answers that the person's age makes doubtful, beside the vulnerability flags
 * (vulnerability-doubts.ts): a child said to consent for themselves. Said where the answer
 * is given and on the review, never a reason to refuse the save: an age is often
 * estimated, and a registrar who saw the person may know better than the form. The
 * shared rule `not_a_child` refuses the reverse (a guardian's consent for an adult).
 */
import type { AGE_GROUPS } from '@/shared/schemas/codes'
import type { RegistrationValues } from './registration-values'
import { ageGroupOf, DOUBT_FIELDS } from './vulnerability-doubts'

/** The answers the doubts are worked out from. */
export const ANSWER_DOUBT_FIELDS = [
  ...DOUBT_FIELDS,
  'consentGivenBy',
] as const satisfies readonly (keyof RegistrationValues)[]

export type AnswerDoubtValues = Pick<RegistrationValues, (typeof ANSWER_DOUBT_FIELDS)[number]>

/** Why an answer is doubtful: a child consents for themselves. */
export type AnswerDoubtReason = 'childConsents'

export interface AnswerDoubt {
  field: 'consentGivenBy'
  reason: AnswerDoubtReason
}

/** Under 18 (data-model.md's boys and girls): the groups whose consent a guardian or staff gives. */
const CHILDREN: readonly (typeof AGE_GROUPS)[number][] = ['0_4', '5_11', '12_17']

/** The answers the person's age makes doubtful, in the form's order. */
export function answerDoubts(v: AnswerDoubtValues): AnswerDoubt[] {
  if (v.consentProcessing !== 'yes') return []
  const group = ageGroupOf(v)
  const doubts: AnswerDoubt[] = []
  if (v.consentGivenBy === 'person' && group && CHILDREN.includes(group)) {
    doubts.push({ field: 'consentGivenBy', reason: 'childConsents' })
  }
  return doubts
}
