/**
 * The rules on values a push brings (push-values.ts): every UUID field of every entity is
 * listed, the app makes ids only in their canonical form, and a value the server already
 * holds is never judged again.
 */
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { newId } from '@/shared/ids'
import { isCanonicalUuid, timestampWithinBounds } from '@/shared/schemas/common'
import { ENTITIES, entityDataSchemas } from '@/shared/schemas/entities'
import { pushValueErrors, TIMESTAMP_PLACES, UUID_PLACES } from '@/shared/schemas/push-values'
import { namedRegistration } from '../helpers/records'
import { caseEvent } from '../server/helpers/case-records'

type JsonSchema = Record<string, unknown>

/** The places of a JSON Schema's fields of `format`, as push-values.ts writes them. */
function placesOf(schema: JsonSchema, format: string, place: string[] = [], out = new Set<string>()): Set<string> {
  if (schema.format === format) out.add(place.join('.'))
  for (const key of ['anyOf', 'oneOf', 'allOf'])
    for (const branch of (schema[key] as JsonSchema[] | undefined) ?? []) placesOf(branch, format, place, out)
  for (const [key, field] of Object.entries((schema.properties as Record<string, JsonSchema> | undefined) ?? {}))
    placesOf(field, format, [...place, key], out)
  if (schema.items) placesOf(schema.items as JsonSchema, format, [...place, '*'], out)
  return out
}

describe('push values', () => {
  it.each(ENTITIES)('lists every UUID field of %s (registrationId with its link)', (entity) => {
    const schema = z.toJSONSchema(entityDataSchemas[entity], { io: 'input', unrepresentable: 'any' }) as JsonSchema
    const fields = [...placesOf(schema, 'uuid')].filter((place) => place !== 'registrationId').sort()
    expect(UUID_PLACES[entity].map((place) => place.join('.')).sort()).toEqual(fields)
  })

  it.each(ENTITIES)('lists every timestamp field of %s', (entity) => {
    const schema = z.toJSONSchema(entityDataSchemas[entity], { io: 'input', unrepresentable: 'any' }) as JsonSchema
    const fields = [...placesOf(schema, 'date-time')].sort()
    expect(TIMESTAMP_PLACES[entity].map((place) => place.join('.')).sort()).toEqual(fields)
  })

  it('bounds timestamps to what a clock writes', () => {
    for (const time of ['1900-01-01T00:00:00Z', '2100-12-31T23:59:59.999999999+14:00', '2026-11-29T09:30:00-12:00'])
      expect(timestampWithinBounds(time)).toBe(true)
    const nines = `2026-11-29T09:30:00.${'9'.repeat(10)}Z`
    for (const time of ['1899-12-31T23:59:59Z', '2101-01-01T00:00:00Z', '2026-11-29T09:30:00+14:01', nines])
      expect(timestampWithinBounds(time)).toBe(false)
  })

  it('makes ids in lowercase only', () => {
    for (let i = 0; i < 100; i++) expect(isCanonicalUuid(newId())).toBe(true)
  })

  it('judges only the values new to the record', () => {
    const legacy = namedRegistration({ possibleDuplicateOf: ['01890000-0000-7000-8000-00000000000A'] })
    const id = legacy.id.toUpperCase()
    const stored = { ...legacy, id }
    expect(pushValueErrors('registration', { ...stored, givenName: 'Aïcha' }, stored)).toEqual([])
    expect(pushValueErrors('registration', stored, null)).toEqual([
      expect.objectContaining({ path: ['id'], code: 'uuid_not_lowercase' }),
      expect.objectContaining({ path: ['possibleDuplicateOf', 0], code: 'uuid_not_lowercase' }),
    ])
  })

  it('takes from a push only the case event kinds this version knows, as the schema reads a newer one', () => {
    const event = caseEvent('01890000-0000-7000-8000-000000000001')
    const newer = { ...event, kind: 'age_assessed', sections: undefined }
    // the schema reads it (a phone keeps what it pulls)…
    expect(entityDataSchemas.caseEvent.safeParse(newer).success).toBe(true)
    // …the push refuses it, where it is new to the record
    expect(pushValueErrors('caseEvent', newer, null)).toEqual([
      expect.objectContaining({ path: ['kind'], code: 'invalid_value' }),
    ])
    expect(pushValueErrors('caseEvent', newer, newer)).toEqual([])
    expect(pushValueErrors('caseEvent', event, null)).toEqual([])
    // what is no code is no kind at all
    expect(entityDataSchemas.caseEvent.safeParse({ ...newer, kind: 'Age Assessed!' }).success).toBe(false)
  })
})
