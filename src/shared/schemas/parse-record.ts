/**
 * The one parse of a record's `data`, on both sides: the device before it saves or
 * stores a pulled version, the server before it stores a pushed one. The size and
 * nesting check runs first, with a loop, so that nothing recursive ever sees a hostile
 * value; then the entity's schema, whose output (cleaned text, defaults) is what gets
 * stored.
 */
import { jsonLimitBreach, RECORD_DATA_LIMITS, type JsonLimitBreach } from '../text/json-limits'
import { entityDataSchemas, type Entity, type EntityData } from './entities'
import { fieldErrors } from './field-errors'
import type { FieldError } from './sync'

export type RecordParse<E extends Entity> =
  { success: true; data: EntityData[E] } | { success: false; errors: FieldError[] }

const BREACH_MESSAGES: Record<JsonLimitBreach, string> = {
  too_deep: 'The record nests values deeper than any record can',
  too_many_values: 'The record holds more values than any record can',
  string_too_long: 'A text in the record is longer than any field allows',
}

export function parseRecordData<E extends Entity>(entity: E, value: unknown): RecordParse<E> {
  const breach = jsonLimitBreach(value, RECORD_DATA_LIMITS)
  if (breach !== undefined)
    return { success: false, errors: [{ path: [], code: breach, message: BREACH_MESSAGES[breach] }] }
  const parsed = entityDataSchemas[entity].safeParse(value)
  if (!parsed.success) return { success: false, errors: fieldErrors(parsed.error) }
  return { success: true, data: parsed.data as EntityData[E] }
}
