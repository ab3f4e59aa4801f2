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
  leftHomeOn: '',
  monthsInLibya: '',
  monthsInAlgeria: '',
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
    expect(reasons(named({ birthMode: 'age', estimatedAge: '1e1' }))).toEqual([]) // said at the field instead
    expect(reasons(named({ dateOfBirth: '2027-01-01' }))).toEqual([])
    expect(reasons(named({ dateOfBirth: '2020-01-01', consentGivenBy: 'guardian' }))).toEqual([])
    expect(reasons(named({ dateOfBirth: '2020-01-01', consentGivenBy: 'best_interest' }))).toEqual([])
    expect(reasons(named({ consentProcessing: 'no', ageGroup: '0_4' }))).toEqual([])
  })

  it('doubts months in Libya or Algeria longer than the person has lived', () => {
    const born = named({ dateOfBirth: '1998-03-14' }) // 344 months old on 2026-12-06
    expect(reasons({ ...born, monthsInLibya: '344', monthsInAlgeria: '0' })).toEqual([])
    expect(reasons({ ...born, monthsInLibya: '345', monthsInAlgeria: '500' })).toEqual([
      'monthsInLibya:monthsBeyondAge',
      'monthsInAlgeria:monthsBeyondAge',
    ])
    // an estimated 34 may be just under 35: some 420 months at most
    const aged = named({ birthMode: 'age', estimatedAge: '34' })
    expect(reasons({ ...aged, monthsInLibya: '420' })).toEqual([])
    expect(reasons({ ...aged, monthsInLibya: '421' })).toEqual(['monthsInLibya:monthsBeyondAge'])
    expect(reasons({ ...named({}), monthsInLibya: '500' })).toEqual([]) // no age yet
    expect(reasons({ ...born, monthsInLibya: '500.5' })).toEqual([]) // said at the field instead
  })

  it('doubts a departure from home before the person was born', () => {
    const born = named({ dateOfBirth: '1998-03-14' })
    expect(reasons({ ...born, leftHomeOn: '1998-03-14' })).toEqual([])
    expect(reasons({ ...born, leftHomeOn: '1998-03-13' })).toEqual(['leftHomeOn:leftBeforeBirth'])
    const aged = named({ birthMode: 'age', estimatedAge: '10' }) // born from 2015-12-06 on
    expect(reasons({ ...aged, consentGivenBy: 'guardian', leftHomeOn: '2015-12-06' })).toEqual([])
    expect(reasons({ ...aged, consentGivenBy: 'guardian', leftHomeOn: '2015-12-05' })).toEqual([
      'leftHomeOn:leftBeforeBirth',
    ])
    expect(reasons({ ...born, leftHomeOn: '1990-02-30' })).toEqual([])
  })
})
