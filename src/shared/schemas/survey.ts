/**
 * One Flow Monitoring Survey interview (DTM). Without consent the interview stops and
 * only the refusal is counted; the schema then refuses every answer field. Skip logic
 * (questions that apply only to some answers) is enforced here too.
 */
import { z } from 'zod'
import { breakRule, recordRule, type RecordRule } from './rule-issue'
import {
  ABUSES,
  EDUCATION_LEVELS,
  EMPLOYMENT_STATUSES,
  JOURNEY_FUNDING,
  MARITAL_STATUSES,
  NEEDS,
  REASONS_FOR_LEAVING,
  SEXES,
} from './codes'
import { codeSetSchema, countryCodeSchema, eventDaySchema, recordMetaShape, textSchema } from './common'

const interviewShape = {
  ...recordMetaShape,
  interviewedOn: eventDaySchema,
}

export const refusedSurveySchema = z.strictObject({
  ...interviewShape,
  consent: z.literal(false),
})

/** Questions asked only after some answers: the field, the yes/no answer it follows, and why. */
const SKIP_LOGIC = [
  { field: 'groupSize', when: 'travellingInGroup', why: 'for a group' },
  { field: 'journeyCostXof', when: 'journeyCostKnown', why: 'when the cost is known' },
  { field: 'journeyFunding', when: 'journeyCostKnown', why: 'when the cost is known' },
] as const

/**
 * Whether an interview asked the question `field`: a refused one asked none; an answered
 * one asked each, but those its skip logic leaves out (the group's size of someone
 * travelling alone, the cost's questions when the cost is not known). The exports read
 * it to tell a list answered with none of its choices from a question not asked, and the
 * survey form which questions its pages ask.
 */
export function surveyAsked(survey: Readonly<Record<string, unknown>>, field: string): boolean {
  if (survey.consent !== true) return false
  const skip = SKIP_LOGIC.find((rule) => rule.field === field)
  return skip === undefined || survey[skip.when] === true
}

const skipRules = ({ field, when }: (typeof SKIP_LOGIC)[number]) => ({
  required: recordRule('required_here', [field, when], `${field} is given when ${when} is true`),
  only: recordRule('not_applicable', [field, when], `${field} is absent unless ${when} is true`),
})

/** The rules of an answered interview beyond its fields' shapes, in words (GET /api/v1/schema); the schema checks them. */
export const SURVEY_RULES: RecordRule[] = [
  ...SKIP_LOGIC.flatMap((skip) => Object.values(skipRules(skip))),
  recordRule('none_excludes_others', ['needs'], 'needs lists "none" alone or not at all'),
]
const noneAlone = SURVEY_RULES.at(-1) as RecordRule

export const answeredSurveySchema = z
  .strictObject({
    ...interviewShape,
    consent: z.literal(true),
    age: z.int().min(14).max(120),
    sex: z.enum(SEXES),
    maritalStatus: z.enum(MARITAL_STATUSES),
    nationality: countryCodeSchema,
    countryOfBirth: countryCodeSchema,
    educationLevel: z.enum(EDUCATION_LEVELS),
    employmentBeforeLeaving: z.enum(EMPLOYMENT_STATUSES),
    originCountry: countryCodeSchema,
    originTown: textSchema(100).optional(),
    previousCountry: countryCodeSchema.optional(),
    nextDestination: countryCodeSchema.optional(),
    finalDestination: countryCodeSchema.optional(),
    travellingInGroup: z.boolean(),
    /** Only for a group: the people travelling together, the respondent included. */
    groupSize: z.int().min(2).max(500).optional(),
    reasonsForLeaving: codeSetSchema(REASONS_FOR_LEAVING).min(1),
    journeyCostKnown: z.boolean(),
    /** Only when the cost is known: in CFA francs (XOF). */
    journeyCostXof: z.int().min(0).max(100_000_000).optional(),
    journeyFunding: codeSetSchema(JOURNEY_FUNDING).optional(),
    previousAttempts: z.int().min(0).max(50),
    difficulties: codeSetSchema(ABUSES),
    needs: codeSetSchema(NEEDS).min(1),
  })
  .superRefine((s, ctx) => {
    for (const skip of SKIP_LOGIC) {
      const applies = s[skip.when]
      const present = s[skip.field] !== undefined
      const rules = skipRules(skip)
      if (applies && !present) breakRule(ctx, rules.required, `Required ${skip.why}`)
      if (!applies && present) breakRule(ctx, rules.only, `Only ${skip.why}`)
    }
    if (s.needs.includes('none') && s.needs.length > 1) {
      breakRule(ctx, noneAlone, '"None" excludes other needs')
    }
  })

export type AnsweredSurvey = z.infer<typeof answeredSurveySchema>

export const surveySchema = z.discriminatedUnion('consent', [answeredSurveySchema, refusedSurveySchema])

export type Survey = z.infer<typeof surveySchema>
