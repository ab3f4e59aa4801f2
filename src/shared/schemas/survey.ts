/**
 * One Flow Monitoring Survey interview (DTM). Without consent the interview stops and
 * only the refusal is counted; the schema then refuses every answer field. Skip logic
 * (questions that apply only to some answers) is enforced here too.
 */
import { z } from 'zod'
import { addRuleIssue } from './rule-issue'
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
    const skip = (applies: boolean, present: boolean, path: string, why: string) => {
      if (applies && !present) addRuleIssue(ctx, 'required_here', [path], `Required ${why}`)
      if (!applies && present) addRuleIssue(ctx, 'not_applicable', [path], `Only ${why}`)
    }
    skip(s.travellingInGroup, s.groupSize !== undefined, 'groupSize', 'for a group')
    skip(s.journeyCostKnown, s.journeyCostXof !== undefined, 'journeyCostXof', 'when the cost is known')
    skip(s.journeyCostKnown, s.journeyFunding !== undefined, 'journeyFunding', 'when the cost is known')
    if (s.needs.includes('none') && s.needs.length > 1) {
      addRuleIssue(ctx, 'none_excludes_others', ['needs'], '"None" excludes other needs')
    }
  })

export const surveySchema = z.discriminatedUnion('consent', [answeredSurveySchema, refusedSurveySchema])

export type Survey = z.infer<typeof surveySchema>
