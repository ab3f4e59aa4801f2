/**
 * The survey form's resolver: react-hook-form checks the typed answers with the shared
 * survey schema (through validateSurvey), each problem at its field as a translation
 * key. Next asks it for one page's fields only.
 */
import { zodResolver } from '@hookform/resolvers/zod'
import { surveyValuesSchema, validateSurvey, type SurveyBase } from './survey-values'

export function surveyResolver(base: SurveyBase) {
  const schema = surveyValuesSchema.superRefine((values, ctx) => {
    const result = validateSurvey(values, base, new Date())
    if (result.ok) return
    for (const issue of result.issues) {
      // a problem with no field on screen goes to react-hook-form's root errors
      const path = issue.field === 'form' ? ['root', 'form'] : [issue.field]
      ctx.addIssue({ code: 'custom', path, message: issue.message })
    }
  })
  return zodResolver(schema)
}
