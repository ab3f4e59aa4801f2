/** The survey schema the phone saves with and the server checks pushes with: consent, skip logic, "none". */
import { describe, expect, it } from 'vitest'
import { newId } from '@/shared/ids'
import { surveySchema } from '@/shared/schemas/survey'

const refusal = {
  id: newId(),
  createdAt: '2026-11-29T10:00:00.000Z',
  updatedAt: '2026-11-29T10:00:00.000Z',
  siteCode: 'ARL-FMP',
  interviewedOn: '2026-11-29',
  consent: false,
}
const interview = {
  ...refusal,
  consent: true,
  age: 30,
  sex: 'female',
  maritalStatus: 'married',
  nationality: 'NGA',
  countryOfBirth: 'NGA',
  educationLevel: 'secondary',
  employmentBeforeLeaving: 'self_employed',
  originCountry: 'NGA',
  travellingInGroup: false,
  reasonsForLeaving: ['economic', 'family'],
  journeyCostKnown: true,
  journeyCostXof: 250_000,
  journeyFunding: ['savings'],
  previousAttempts: 1,
  difficulties: ['theft_of_documents'],
  needs: ['food', 'water'],
}

const rules = (value: unknown) => {
  const result = surveySchema.safeParse(value)
  return result.success
    ? []
    : result.error.issues.map((i) => [i.path.join('.'), (i as { params?: { rule?: string } }).params?.rule ?? i.code])
}

describe('survey schema', () => {
  it('accepts a refusal and an interview', () => {
    expect(rules(refusal)).toEqual([])
    expect(rules(interview)).toEqual([])
  })

  it('keeps nothing but the refusal without consent', () => {
    expect(rules({ ...refusal, needs: ['food'] })).not.toEqual([])
    expect(rules({ ...refusal, sex: 'male' })).not.toEqual([])
  })

  it('asks the cost and how it was paid only when the cost is known', () => {
    const { journeyCostXof: _cost, journeyFunding: _funding, ...unknownCost } = interview
    expect(rules({ ...unknownCost, journeyCostKnown: false })).toEqual([])
    expect(rules({ ...unknownCost, journeyCostKnown: true })).toEqual([
      ['journeyCostXof', 'required_here'],
      ['journeyFunding', 'required_here'],
    ])
    expect(rules({ ...interview, journeyCostKnown: false })).toEqual([
      ['journeyCostXof', 'not_applicable'],
      ['journeyFunding', 'not_applicable'],
    ])
  })

  it('asks the group size only for a group', () => {
    expect(rules({ ...interview, travellingInGroup: true })).toEqual([['groupSize', 'required_here']])
    expect(rules({ ...interview, travellingInGroup: true, groupSize: 4 })).toEqual([])
    expect(rules({ ...interview, groupSize: 4 })).toEqual([['groupSize', 'not_applicable']])
  })

  it('keeps "none" apart from other needs, and a need or reason at most once', () => {
    expect(rules({ ...interview, needs: ['none'] })).toEqual([])
    expect(rules({ ...interview, needs: ['none', 'water'] })).toEqual([['needs', 'none_excludes_others']])
    expect(rules({ ...interview, reasonsForLeaving: ['economic', 'economic'] })).toEqual([
      ['reasonsForLeaving', 'listed_twice'],
    ])
  })
})
