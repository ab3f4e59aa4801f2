/** Which answers the person's age makes doubtful (features/registration/answer-doubts.ts). */
import { describe, expect, it } from 'vitest'
import { answerDoubts, type AnswerDoubtValues } from '@/features/registration/answer-doubts'

const named = (over: Partial<AnswerDoubtValues>): AnswerDoubtValues => ({
  vulnerabilities: [],
  sex: 'female',
  consentProcessing: 'yes',
  consentGivenBy: 'person',
  birthMode: 'date',
  dateOfBirth: '',
  estimatedAge: '',
  registeredOn: '2026-12-06',
  ageGroup: '',
  ...over,
})

const reasons = (values: AnswerDoubtValues) => answerDoubts(values).map(({ field, reason }) => `${field}:${reason}`)

describe('answerDoubts', () => {
  it('doubts the consent of a person under 18 given by themselves, until the 18th birthday', () => {
    expect(reasons(named({ dateOfBirth: '2008-12-07' }))).toEqual(['consentGivenBy:childConsents'])
    expect(reasons(named({ dateOfBirth: '2008-12-06' }))).toEqual([])
    expect(reasons(named({ birthMode: 'age', estimatedAge: '0' }))).toEqual(['consentGivenBy:childConsents'])
    expect(reasons(named({ birthMode: 'age', estimatedAge: '17' }))).toEqual(['consentGivenBy:childConsents'])
    expect(reasons(named({ birthMode: 'age', estimatedAge: '18' }))).toEqual([])
  })

  it('says nothing while the age is unknown, for a guardian or staff, or without consent to processing', () => {
    expect(reasons(named({}))).toEqual([])
    expect(reasons(named({ birthMode: 'age', estimatedAge: '2.5' }))).toEqual([])
    expect(reasons(named({ dateOfBirth: '2027-01-01' }))).toEqual([])
    expect(reasons(named({ dateOfBirth: '2020-01-01', consentGivenBy: 'guardian' }))).toEqual([])
    expect(reasons(named({ dateOfBirth: '2020-01-01', consentGivenBy: 'best_interest' }))).toEqual([])
    expect(reasons(named({ consentProcessing: 'no', ageGroup: '0_4' }))).toEqual([])
  })
})
