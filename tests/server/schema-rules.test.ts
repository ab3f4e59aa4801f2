import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ENTITIES, entityDataSchemas, type Entity } from '@/shared/schemas/entities'
import { ENTITY_RULES } from '@/shared/schemas/entity-rules'
import { fieldErrors } from '@/shared/schemas/field-errors'
import { countryCodeSchema } from '@/shared/schemas/common'
import type { RecordRule } from '@/shared/schemas/rule-issue'
import { answeredSurvey } from '../data/fixtures'
import { flowCount, fmpStatus, namedRegistration } from '../helpers/records'
import { caseEvent, referral } from './helpers/case-records'
import { TEST_DATABASES } from './helpers/databases'
import { batch, push, upsert } from './helpers/sync-client'
import { call, loginAdmin, signedInUser, startTestServer, type Session, type TestServer } from './helpers/test-server'

interface JsonSchema {
  type?: string
  enum?: string[]
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  oneOf?: JsonSchema[]
  anyOf?: JsonSchema[]
}

interface SchemaAnswer {
  version: string
  entities: Record<Entity, JsonSchema>
  rules: Record<Entity, RecordRule[]>
}

/** The properties of an entity's schema, a union's branches merged. */
const propertiesOf = (schema: JsonSchema): Record<string, JsonSchema> =>
  Object.assign({}, schema.properties, ...[...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].map(propertiesOf))

const REGISTRATION = '01890000-0000-7000-8000-000000000001'

/** A record of the entity that breaks the rule, keyed `entity code fields…`: each published record rule needs one. */
const BROKEN: Record<string, () => unknown> = {
  'registration birth_after_registration dateOfBirth,registeredOn': () =>
    namedRegistration({ dateOfBirth: '2026-11-29', registeredOn: '2026-11-28' }),
  'registration not_a_child consentGivenBy,dateOfBirth,registeredOn': () =>
    namedRegistration({ consentGivenBy: 'guardian' }),
  'registration required_here closureReason,caseStatus': () => namedRegistration({ caseStatus: 'closed' }),
  'registration not_applicable closureReason,caseStatus': () => namedRegistration({ closureReason: 'returned_home' }),
  'registration not_applicable closureDetail,closureReason': () => namedRegistration({ closureDetail: 'Hospitalised' }),
  'registration departure_not_ready caseStatus,avrr.voluntarinessSigned,avrr.travelDocumentStatus,avrr.fitToTravel':
    () => namedRegistration({ caseStatus: 'departed' }),
  'referral required_here partnerName,to': () => referral(REGISTRATION, { to: 'other_partner' }),
  'referral not_applicable partnerName,to': () => referral(REGISTRATION, { partnerName: 'Croix-Rouge' }),
  'referral status_before_sent statusOn,sentOn': () =>
    referral(REGISTRATION, { sentOn: '2026-11-29', statusOn: '2026-11-28' }),
  'flowCount count_at_least_one total,men,women,boys,girls': () =>
    flowCount({
      ...{ men: 0, women: 0, boys: 0, girls: 0, unaccompaniedChildren: 0, pregnantWomen: 0 },
      nationalities: [{ country: 'OOO', count: 1 }],
      total: 1,
    }),
  'flowCount total_mismatch total,men,women,boys,girls': () => flowCount({ total: 19 }),
  'flowCount exceeds_children unaccompaniedChildren,boys,girls': () => flowCount({ unaccompaniedChildren: 4 }),
  'flowCount exceeds_children childrenUnder5,boys,girls': () => flowCount({ childrenUnder5: 4 }),
  'flowCount exceeds_adults elderly,men,women': () => flowCount({ elderly: 16 }),
  'flowCount exceeds_women_and_girls pregnantWomen,women,girls': () => flowCount({ pregnantWomen: 5 }),
  'flowCount exceeds_total withDisability,men,women,boys,girls': () => flowCount({ withDisability: 19 }),
  'flowCount listed_twice nationalities': () =>
    flowCount({
      nationalities: [
        { country: 'NGA', count: 10 },
        { country: 'NGA', count: 8 },
      ],
    }),
  'flowCount nationalities_mismatch nationalities,men,women,boys,girls': () =>
    flowCount({ nationalities: [{ country: 'NGA', count: 17 }] }),
  'survey required_here groupSize,travellingInGroup': () => ({ ...answeredSurvey(), groupSize: undefined }),
  'survey not_applicable groupSize,travellingInGroup': () => ({ ...answeredSurvey(), travellingInGroup: false }),
  'survey required_here journeyCostXof,journeyCostKnown': () => ({
    ...answeredSurvey(),
    journeyCostKnown: true,
    journeyFunding: ['savings'],
  }),
  'survey not_applicable journeyCostXof,journeyCostKnown': () => ({ ...answeredSurvey(), journeyCostXof: 1000 }),
  'survey required_here journeyFunding,journeyCostKnown': () => ({
    ...answeredSurvey(),
    journeyCostKnown: true,
    journeyCostXof: 150_000,
  }),
  'survey not_applicable journeyFunding,journeyCostKnown': () => ({ ...answeredSurvey(), journeyFunding: ['loan'] }),
  'survey none_excludes_others needs': () => ({ ...answeredSurvey(), needs: ['none', 'water'] }),
  'caseEvent required_here toStatus,kind': () => caseEvent(REGISTRATION, { kind: 'status_changed' }),
  'caseEvent required_here fromSite,toSite,kind': () => caseEvent(REGISTRATION, { kind: 'transferred' }),
  'caseEvent required_here recordId,kind': () => caseEvent(REGISTRATION, { kind: 'referral_updated' }),
  'caseEvent required_here recordId,fromSite,toSite,kind': () =>
    caseEvent(REGISTRATION, { kind: 'household_member_transferred' }),
  'caseEvent required_here recordId,choice,kind': () => caseEvent(REGISTRATION, { kind: 'conflict_resolved' }),
  'fmpStatus period_order to,from': () => fmpStatus({ to: '2026-11-29T06:00:00.000+01:00' }),
  'fmpStatus period_too_long to,from': () => fmpStatus({ from: '2026-10-01T06:00:00.000+01:00' }),
}

const keyOf = (entity: Entity, rule: RecordRule) => `${entity} ${rule.code} ${rule.fields.join(',')}`

describe('the rules published beside the JSON Schema are the ones the schemas check', () => {
  const recordRules = ENTITIES.flatMap((entity) =>
    ENTITY_RULES[entity]
      .filter((r) => r.checkedOn === 'record')
      .map((rule) => [keyOf(entity, rule), entity, rule] as const),
  )

  it('has a broken example for every rule, and no example for a rule that is not published', () => {
    expect(recordRules.map(([key]) => key).sort()).toEqual(Object.keys(BROKEN).sort())
  })

  it.each(recordRules)('%s: a record breaking it gets its code on its first field', (key, entity, rule) => {
    const parsed = entityDataSchemas[entity].safeParse(BROKEN[key]!())
    expect(parsed.success).toBe(false)
    const errors = parsed.success ? [] : fieldErrors(parsed.error)
    expect(errors).toContainEqual(expect.objectContaining({ code: rule.code, path: [rule.fields[0]] }))
    expect(errors.map((e) => e.code)).not.toContain('custom')
  })
})

describe.each(TEST_DATABASES)('GET /api/v1/schema (%s)', (database) => {
  let server: TestServer
  let admin: Session
  let answer: SchemaAnswer
  beforeAll(async () => {
    server = await startTestServer({}, { database })
    admin = await loginAdmin(server)
    const monitor = await signedInUser(server, admin, 'monitor', ['SEG-FMP'])
    const got = await call<SchemaAnswer>(server, '/api/v1/schema', { token: monitor.token })
    expect(got.status).toBe(200)
    answer = got.body
  })
  afterAll(() => server.close())

  it('publishes country fields as the enum of codes the server accepts', () => {
    const countryFields = [
      propertiesOf(answer.entities.registration).nationality,
      propertiesOf(answer.entities.flowCount).departureCountry,
      propertiesOf(answer.entities.flowCount).nationalities?.items?.properties?.country,
      propertiesOf(answer.entities.survey).finalDestination,
    ]
    for (const field of countryFields) {
      expect(field).toMatchObject({ type: 'string', enum: expect.arrayContaining(['NER', 'LBY', 'OOO']) })
      // exactly what the server accepts: every listed code parses, and nothing else around it does
      for (const code of field!.enum!) expect(countryCodeSchema.safeParse(code).success).toBe(true)
      expect(field!.enum).not.toContain('XXX')
    }
    expect(countryFields[0]!.enum!.length).toBeGreaterThan(240)
  })

  it('lists each entity’s rules in words, with stable codes, on fields its schema has', () => {
    expect(Object.keys(answer.rules).sort()).toEqual([...ENTITIES].sort())
    for (const entity of ENTITIES) {
      const properties = propertiesOf(answer.entities[entity])
      for (const rule of answer.rules[entity]) {
        expect(rule.code).toMatch(/^[a-z_]+$/)
        expect(rule.code).not.toBe('custom')
        expect(rule.rule.length).toBeGreaterThan(10)
        expect(['record', 'server']).toContain(rule.checkedOn)
        for (const field of rule.fields) expect(Object.keys(properties)).toContain(field.split('.')[0])
      }
    }
    expect(answer.rules.flowCount).toContainEqual({
      code: 'total_mismatch',
      fields: ['total', 'men', 'women', 'boys', 'girls'],
      rule: 'total equals men + women + boys + girls',
      checkedOn: 'record',
    })
    expect(answer.rules.registration.map((r) => r.code)).toEqual(
      expect.arrayContaining(['departure_not_ready', 'not_a_child', 'reopen_needs_supervisor', 'case_number_taken']),
    )
    expect(answer.rules.referral).toContainEqual(
      expect.objectContaining({ code: 'consent_required', fields: ['consentToShare', 'to'], checkedOn: 'server' }),
    )
    // every record is kept at a site of its kind: cases at transit centres, tallies at FMPs
    expect(answer.rules.assistance).toContainEqual(
      expect.objectContaining({ code: 'wrong_site_kind', checkedOn: 'server' }),
    )
    expect(answer.rules.flowCount.find((r) => r.code === 'wrong_site_kind')?.rule).toMatch(/"fmp"/)
  })

  it('refuses a referral breaking a published server rule with that rule’s code', async () => {
    const registrar = await signedInUser(server, admin, 'registrar', ['AGZ-TC'])
    const person = namedRegistration({ consentSharing: false })
    const sent = referral(person.id, { consentToShare: true })
    const pushed = await push(
      server,
      registrar,
      batch(registrar, [upsert('registration', person), upsert('referral', sent)]),
    )
    expect(pushed.status).toBe(200)
    const rule = answer.rules.referral.find((r) => r.fields.includes('registrationId'))!
    expect(pushed.body.results[1]).toMatchObject({
      status: 'rejected',
      errors: [{ code: rule.code, path: [rule.fields[0]] }],
    })
  })
})
