/** The survey form's values into a record: skip logic, whole numbers, "none" alone, drafts read back. */
import { describe, expect, it } from 'vitest'
import { exclusiveChoice } from '@/features/survey/survey-fields'
import { parseSurveyDraft } from '@/features/survey/survey-draft'
import { pageFields, pagesFor } from '@/features/survey/survey-pages'
import { emptySurvey, validateSurvey, type SurveyValues } from '@/features/survey/survey-values'
import { surveySchema } from '@/shared/schemas/survey'

const base = { id: '01890000-0000-7000-8000-0000000000aa', createdAt: '2026-11-29T09:00:00.000Z' }
const now = new Date('2026-11-29T10:00:00.000Z')

const answered = (patch: Partial<SurveyValues> = {}): SurveyValues => ({
  ...emptySurvey('2026-11-29', 'ARL-FMP'),
  consent: 'yes',
  age: '24',
  sex: 'male',
  maritalStatus: 'single',
  nationality: 'GIN',
  countryOfBirth: 'GIN',
  educationLevel: 'primary',
  employmentBeforeLeaving: 'unemployed',
  reasonsForLeaving: ['economic'],
  originCountry: 'GIN',
  travelling: 'alone',
  previousAttempts: '0',
  journeyCostKnown: 'no',
  difficulties: ['none'],
  needs: ['water'],
  ...patch,
})

const issues = (v: SurveyValues) => {
  const result = validateSurvey(v, base, now)
  return result.ok ? [] : result.issues
}

describe('survey values', () => {
  it('makes a refusal of only the FMP and the date, whatever else was typed', () => {
    const result = validateSurvey({ ...answered(), consent: 'no' }, base, now)
    expect(result).toEqual({
      ok: true,
      data: {
        id: base.id,
        createdAt: base.createdAt,
        updatedAt: now.toISOString(),
        siteCode: 'ARL-FMP',
        interviewedOn: '2026-11-29',
        consent: false,
      },
    })
  })

  it('asks for consent before anything else', () => {
    expect(issues(emptySurvey('2026-11-29', 'ARL-FMP'))).toEqual([{ field: 'consent', message: 'form.required' }])
    expect(issues(emptySurvey('2026-11-29'))).toContainEqual({ field: 'siteCode', message: 'form.required' })
  })

  it('makes an interview the shared schema accepts, with "none of these" as no difficulty', () => {
    const result = validateSurvey(answered(), base, now)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(surveySchema.safeParse(result.data).success).toBe(true)
    expect(result.data).toMatchObject({ age: 24, previousAttempts: 0, difficulties: [], travellingInGroup: false })
  })

  it('leaves out the group size and the cost answers when they do not apply', () => {
    const result = validateSurvey(
      answered({ groupSize: '5', journeyCostXof: '1000', journeyFunding: ['loan'] }),
      base,
      now,
    )
    expect(result.ok && result.data).not.toHaveProperty('groupSize')
    expect(result.ok && result.data).not.toHaveProperty('journeyCostXof')
    expect(result.ok && result.data).not.toHaveProperty('journeyFunding')
  })

  it('requires the group size for a group and the cost answers when the cost is known', () => {
    expect(issues(answered({ travelling: 'group' }))).toEqual([{ field: 'groupSize', message: 'form.required' }])
    expect(issues(answered({ journeyCostKnown: 'yes' }))).toEqual([
      { field: 'journeyFunding', message: 'survey.chooseAtLeastOne' },
      { field: 'journeyCostXof', message: 'form.required' },
    ])
  })

  it('says a number is out of range or not whole, at its field', () => {
    expect(issues(answered({ age: '13' }))).toEqual([{ field: 'age', message: 'survey.ageRange' }])
    expect(issues(answered({ age: '24.5' }))).toEqual([{ field: 'age', message: 'form.wholeNumber' }])
    expect(issues(answered({ age: '-3' }))).toEqual([{ field: 'age', message: 'survey.ageRange' }])
    expect(issues(answered({ age: 'twenty' }))).toEqual([{ field: 'age', message: 'survey.wholeNumber' }])
    expect(issues(answered({ previousAttempts: '-1' }))).toEqual([
      { field: 'previousAttempts', message: 'form.notNegative' },
    ])
    expect(issues(answered({ travelling: 'group', groupSize: '1' }))).toEqual([
      { field: 'groupSize', message: 'survey.groupSizeRange' },
    ])
    expect(issues(answered({ previousAttempts: '51' }))).toEqual([
      { field: 'previousAttempts', message: 'survey.attemptsRange' },
    ])
  })

  it('refuses "none" beside another need or difficulty, and an empty choice', () => {
    expect(issues(answered({ needs: ['none', 'food'] }))).toEqual([
      { field: 'needs', message: 'rule:none_excludes_others' },
    ])
    expect(issues(answered({ difficulties: ['none', 'detention'] }))).toEqual([
      { field: 'difficulties', message: 'survey.noneExcludesOthers' },
    ])
    expect(issues(answered({ difficulties: [], needs: [], reasonsForLeaving: [] }))).toEqual([
      { field: 'difficulties', message: 'survey.chooseAtLeastOne' },
      { field: 'reasonsForLeaving', message: 'survey.chooseAtLeastOne' },
      { field: 'needs', message: 'survey.chooseAtLeastOne' },
    ])
  })

  it('keeps "none" alone as answers are ticked', () => {
    expect(exclusiveChoice(['food', 'water'], ['food', 'water', 'none'], 'none')).toEqual(['none'])
    expect(exclusiveChoice(['none'], ['food', 'none'], 'none')).toEqual(['food'])
    expect(exclusiveChoice(['food', 'water'], ['water'], 'none')).toEqual(['water'])
  })

  it('asks only the questions that apply, and ends at consent on a refusal', () => {
    const v = answered()
    expect(pagesFor({ consent: 'no' })).toEqual(['consent'])
    expect(pageFields('travel', v)).toEqual(['travelling', 'previousAttempts'])
    expect(pageFields('travel', { ...v, travelling: 'group' })).toEqual(['travelling', 'groupSize', 'previousAttempts'])
    expect(pageFields('cost', { ...v, journeyCostKnown: 'yes' })).toEqual([
      'journeyCostKnown',
      'journeyCostXof',
      'journeyFunding',
    ])
  })

  it('reads back a draft keeping only valid answers and a known page', () => {
    const initial = { values: emptySurvey('2026-11-29'), page: 'consent' as const }
    const restored = parseSurveyDraft(
      { values: { age: '30', consent: 'maybe', needs: ['food', 3], sex: null }, page: 'cost' },
      initial,
    )
    expect(restored.page).toBe('cost')
    expect(restored.values).toMatchObject({ age: '30', consent: '', needs: [], sex: '' })
    expect(parseSurveyDraft({ values: {}, page: 'elsewhere' }, initial).page).toBe('consent')
    expect(parseSurveyDraft('garbage', initial)).toBe(initial)
  })
})
