import { describe, expect, it } from 'vitest'
import { entityDataSchemas } from '@/shared/schemas/entities'
import { flowCountSchema, tallyProblems, withUnknownRemainder } from '@/shared/schemas/flow-count'
import { registrationSchema } from '@/shared/schemas/registration'
import { surveySchema } from '@/shared/schemas/survey'
import { referralSchema } from '@/shared/schemas/referral'
import { changedFields, pushRequestSchema } from '@/shared/schemas/sync'
import { newId } from '@/shared/ids'
import { anonymousRegistration, flowCount, namedRegistration } from '../helpers/records'

const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((issue) => issue.path.join('.')) ?? []

describe('registration', () => {
  it('round-trips a named registration unchanged', () => {
    const record = namedRegistration()
    expect(registrationSchema.parse(JSON.parse(JSON.stringify(record)))).toEqual(record)
  })

  it('refuses personal fields on a record without consent to processing', () => {
    const result = registrationSchema.safeParse({ ...anonymousRegistration(), givenName: 'Moussa' })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.code).toBe('unrecognized_keys')
  })

  it('refuses consent to sharing without consent to processing', () => {
    expect(registrationSchema.safeParse({ ...anonymousRegistration(), consentSharing: true }).success).toBe(false)
  })

  it('needs a name when the person consented', () => {
    const { givenName: _omitted, ...withoutName } = namedRegistration()
    expect(paths(registrationSchema.safeParse(withoutName))).toContain('givenName')
  })

  it('asks a closure reason exactly when the case is closed', () => {
    expect(paths(registrationSchema.safeParse(namedRegistration({ caseStatus: 'closed' })))).toEqual(['closureReason'])
    expect(
      registrationSchema.safeParse(namedRegistration({ caseStatus: 'closed', closureReason: 'returned_home' })).success,
    ).toBe(true)
  })

  it('refuses unknown country codes and accepts OOO', () => {
    expect(paths(registrationSchema.safeParse(namedRegistration({ nationality: 'XYZ' })))).toEqual(['nationality'])
    expect(registrationSchema.safeParse(namedRegistration({ nationality: 'OOO' })).success).toBe(true)
  })
})

describe('flow count sum rules', () => {
  it('accepts a tally whose sums add up', () => {
    expect(flowCountSchema.safeParse(flowCount()).success).toBe(true)
  })

  it.each([
    { rule: 'total is the sum', change: { total: 17 }, path: 'total' },
    {
      rule: 'at least one person',
      change: {
        men: 0,
        women: 0,
        boys: 0,
        girls: 0,
        total: 0,
        unaccompaniedChildren: 0,
        pregnantWomen: 0,
        nationalities: [{ country: 'OOO', count: 1 }],
      },
      path: 'total',
    },
    { rule: 'unaccompanied ≤ children', change: { unaccompaniedChildren: 4 }, path: 'unaccompaniedChildren' },
    { rule: 'under 5 ≤ children', change: { childrenUnder5: 4 }, path: 'childrenUnder5' },
    { rule: 'elderly ≤ adults', change: { elderly: 16 }, path: 'elderly' },
    { rule: 'pregnant ≤ women + girls', change: { pregnantWomen: 5 }, path: 'pregnantWomen' },
    { rule: 'disability ≤ total', change: { withDisability: 19 }, path: 'withDisability' },
    { rule: 'nationalities add up', change: { nationalities: [{ country: 'NGA', count: 17 }] }, path: 'nationalities' },
    { rule: 'whole numbers', change: { men: 11.5, total: 17.5 }, path: 'men' },
  ])('refuses a tally that breaks "$rule", on $path', ({ change, path }) => {
    expect(paths(flowCountSchema.safeParse(flowCount(change)))).toContain(path)
  })

  it('stores the remainder of the nationality list as an explicit unknown row', () => {
    expect(withUnknownRemainder([{ country: 'NGA', count: 10 }], 18)).toEqual([
      { country: 'NGA', count: 10 },
      { country: 'OOO', count: 8 },
    ])
    expect(withUnknownRemainder([{ country: 'NGA', count: 18 }], 18)).toEqual([{ country: 'NGA', count: 18 }])
  })

  it('reports every broken rule at once, so the form can show them all', () => {
    const tally = flowCount({ elderly: 99, withDisability: 99 })
    expect(tallyProblems(tally).map((p) => p.path[0])).toEqual(['elderly', 'withDisability'])
  })
})

describe('survey skip logic', () => {
  const base = {
    id: newId(),
    createdAt: '2026-11-29T10:00:00.000Z',
    updatedAt: '2026-11-29T10:00:00.000Z',
    siteCode: 'ARL-FMP',
    interviewedOn: '2026-11-29',
  }
  const answered = {
    ...base,
    consent: true,
    age: 24,
    sex: 'male',
    maritalStatus: 'single',
    nationality: 'GIN',
    countryOfBirth: 'GIN',
    educationLevel: 'primary',
    employmentBeforeLeaving: 'unemployed',
    originCountry: 'GIN',
    travellingInGroup: true,
    groupSize: 5,
    reasonsForLeaving: ['economic'],
    journeyCostKnown: false,
    previousAttempts: 0,
    difficulties: [],
    needs: ['water'],
  }

  it('keeps only the refusal when there is no consent', () => {
    expect(surveySchema.safeParse({ ...base, consent: false }).success).toBe(true)
    expect(surveySchema.safeParse({ ...base, consent: false, age: 30 }).success).toBe(false)
  })

  it('asks the group size only for a group', () => {
    expect(surveySchema.safeParse(answered).success).toBe(true)
    expect(paths(surveySchema.safeParse({ ...answered, travellingInGroup: false }))).toEqual(['groupSize'])
    expect(paths(surveySchema.safeParse({ ...answered, journeyCostXof: 300000 }))).toEqual(['journeyCostXof'])
  })
})

describe('referral', () => {
  it('asks the partner name only for other partners', () => {
    const referral = {
      id: newId(),
      createdAt: '2026-11-29T10:00:00.000Z',
      updatedAt: '2026-11-29T10:00:00.000Z',
      siteCode: 'AGZ-TC',
      registrationId: newId(),
      to: 'other_partner',
      reason: 'Needs legal aid',
      urgency: 'urgent',
      consentToShare: true,
      sentOn: '2026-11-29',
      status: 'pending',
      statusOn: '2026-11-29',
    }
    expect(paths(referralSchema.safeParse(referral))).toEqual(['partnerName'])
    expect(referralSchema.safeParse({ ...referral, partnerName: 'Alarme Phone Sahara' }).success).toBe(true)
  })
})

describe('sync protocol messages', () => {
  it('the server schema accepts what the client sends', () => {
    const record = namedRegistration()
    const body = {
      deviceId: newId(),
      batchId: newId(),
      queue: { pending: 1 },
      mutations: [
        {
          mutationId: newId(),
          entity: 'registration',
          recordId: record.id,
          op: 'upsert',
          baseRev: 0,
          data: record,
          changedFields: changedFields(undefined, record),
          at: record.updatedAt,
          by: 'user-1',
        },
      ],
    }
    const parsed = pushRequestSchema.parse(JSON.parse(JSON.stringify(body)))
    expect(entityDataSchemas.registration.parse(parsed.mutations?.[0]?.data)).toEqual(record)
  })

  it('refuses an envelope whose mutation cannot be answered on its own', () => {
    const body = { deviceId: newId(), batchId: newId(), mutations: [{ mutationId: 'x', entity: 'registration' }] }
    expect(pushRequestSchema.safeParse(body).success).toBe(false)
  })

  it('names the top-level fields an edit changed', () => {
    const before = namedRegistration()
    const after = { ...before, phone: '+227 90 00 00 00', vulnerabilities: ['single_woman', 'disability'] as const }
    expect(changedFields(before, { ...after, vulnerabilities: [...after.vulnerabilities] })).toEqual([
      'phone',
      'vulnerabilities',
    ])
  })
})
