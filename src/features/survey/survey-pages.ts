/**
 * The survey's pages, a few questions each, and the questions each page asks for the
 * answers given so far (the skip logic of data-model.md, as the record's schema holds
 * it: `surveyAsked`): a refusal ends the interview at the consent page; the group size
 * only for a group; the cost and how it was paid only when the cost is known.
 */
import { surveyAsked } from '@/shared/schemas/survey'
import { skipAnswers, type SurveyField, type SurveyValues } from './survey-values'

export const PAGES = ['consent', 'person', 'background', 'route', 'travel', 'cost', 'needs'] as const
export type PageId = (typeof PAGES)[number]

export function isPage(value: unknown): value is PageId {
  return typeof value === 'string' && (PAGES as readonly string[]).includes(value)
}

/** The pages these answers go through, in order. */
export function pagesFor(v: Pick<SurveyValues, 'consent'>): PageId[] {
  return v.consent === 'no' ? ['consent'] : [...PAGES]
}

/** The questions a page asks for these answers, in screen order. */
export function pageFields(page: PageId, v: SurveyValues): SurveyField[] {
  switch (page) {
    case 'consent':
      return ['siteCode', 'interviewedOn', 'consent']
    case 'person':
      return ['age', 'sex', 'maritalStatus', 'nationality', 'countryOfBirth']
    case 'background':
      return ['educationLevel', 'employmentBeforeLeaving', 'reasonsForLeaving']
    case 'route':
      return ['originCountry', 'originTown', 'previousCountry', 'nextDestination', 'finalDestination']
    case 'travel':
      return askedOf(v, ['travelling', 'groupSize', 'previousAttempts'])
    case 'cost':
      return askedOf(v, ['journeyCostKnown', 'journeyCostXof', 'journeyFunding'])
    case 'needs':
      return ['difficulties', 'needs']
  }
}

/** Those of `fields` the answers given so far ask: the record's skip logic, one rule for both. */
function askedOf(v: SurveyValues, fields: SurveyField[]): SurveyField[] {
  const skip = skipAnswers(v)
  return fields.filter((field) => surveyAsked(skip, field))
}

/** The page that asks a question (for these answers), or undefined when none does. */
export function pageOfField(field: string, v: SurveyValues): PageId | undefined {
  return pagesFor(v).find((page) => (pageFields(page, v) as string[]).includes(field))
}
