/**
 * Rules on the values a push brings, stricter than the schemas that read a record: the
 * server checks them at push on each value new to the record (absent from, or different
 * in, the version it holds), never on what it already stores. A record stored before a
 * rule stays readable on every phone (the phone parses what it pulls with the schemas)
 * and keeps taking edits that leave those values alone.
 *
 * - Ids are UUIDs written in lowercase, their canonical form (RFC 9562): `01A2…` and
 *   `01a2…` are one UUID, and taking both spellings would make one record two.
 * - Timestamps are ones a clock writes: years 1900 to 2100, an offset within ±14:00, at
 *   most 9 digits of a fraction of a second (common.ts, timestampWithinBounds).
 * - A case event's kind is one this server knows. The schema also reads a kind a newer
 *   version of Relais wrote (case-event.ts), so that a phone keeps such an event; the
 *   server, which is never older than the apps it serves, takes none from a push.
 */
import { isKnownEventKind } from './case-event'
import type { Entity } from './entities'
import { isCanonicalUuid, TIMESTAMP_OUT_OF_BOUNDS, timestampWithinBounds, UUID_NOT_LOWERCASE } from './common'
import { serverRule, type RecordRule } from './rule-issue'
import type { FieldError } from './sync'

/** Where a value lies in a record: keys, `*` for each item of a list. */
type Place = readonly string[]

/**
 * The UUID fields of each entity's data. `registrationId` is checked with the link to
 * its case (the server's check-links.ts): a case stored under another spelling stays
 * reachable by its exact id.
 */
export const UUID_PLACES: Record<Entity, readonly Place[]> = {
  registration: [['id'], ['mergedInto'], ['household', 'groupId'], ['possibleDuplicateOf', '*']],
  assistance: [['id']],
  referral: [['id']],
  flowCount: [['id']],
  survey: [['id']],
  caseEvent: [['id'], ['recordId']],
  fmpStatus: [['id']],
}

/** The timestamp fields of each entity's data (a day is a `YYYY-MM-DD` its schema bounds already). */
export const TIMESTAMP_PLACES: Record<Entity, readonly Place[]> = {
  registration: [['createdAt'], ['updatedAt']],
  assistance: [['createdAt'], ['updatedAt']],
  referral: [['createdAt'], ['updatedAt']],
  flowCount: [['createdAt'], ['updatedAt'], ['observedAt']],
  survey: [['createdAt'], ['updatedAt']],
  caseEvent: [['createdAt'], ['updatedAt'], ['at']],
  fmpStatus: [['createdAt'], ['updatedAt'], ['from'], ['to']],
}

const LINKED: readonly Entity[] = ['assistance', 'referral', 'caseEvent']

/** The lowercase rule of an entity, for GET /api/v1/schema. */
export function lowercaseIdRule(entity: Entity): RecordRule {
  const places = UUID_PLACES[entity].map((place) => place.filter((key) => key !== '*').join('.'))
  const fields = [...places, ...(LINKED.includes(entity) ? ['registrationId'] : [])] as [string, ...string[]]
  return serverRule(
    UUID_NOT_LOWERCASE,
    fields,
    'the record id (recordId and id) and every id the record names are UUIDs written in lowercase, their canonical form (RFC 9562); checked at push on ids new to the record',
  )
}

/** The timestamp rule of an entity, for GET /api/v1/schema. */
export function timestampRule(entity: Entity): RecordRule {
  const fields = TIMESTAMP_PLACES[entity].map((place) => place.join('.')) as [string, ...string[]]
  return serverRule(
    TIMESTAMP_OUT_OF_BOUNDS,
    fields,
    'each timestamp lies in the years 1900 to 2100, with an offset within ±14:00 and at most 9 digits of a fraction of a second; checked at push on timestamps new to the record',
  )
}

/** The case event's kind rule, for GET /api/v1/schema (the code zod gives a value outside an enum). */
export const KNOWN_EVENT_KIND_RULE = serverRule(
  'invalid_value',
  ['kind'],
  'kind is one of the kinds this server knows (the enum of its schema): a kind of a newer version of Relais is read from the server, never taken from a push; checked at push on a kind new to the record',
)

type Json = Record<string, unknown>

/** Each value at `place` in `data`, with its path. */
function valuesAt(data: unknown, place: Place, path: (string | number)[] = []): [(string | number)[], unknown][] {
  if (place.length === 0) return [[path, data]]
  if (typeof data !== 'object' || data === null) return []
  const [key, ...rest] = place as [string, ...string[]]
  if (key === '*') return Array.isArray(data) ? data.flatMap((item, i) => valuesAt(item, rest, [...path, i])) : []
  return Array.isArray(data) ? [] : valuesAt((data as Json)[key], rest, [...path, key])
}

/** Whether `value` is already at `place` in the stored version (for a list: anywhere in it). */
function stored(before: Json | null | undefined, place: Place, value: unknown): boolean {
  return valuesAt(before, place).some(([, kept]) => kept === value)
}

/**
 * The field errors of the values in `data` that break a rule on values a push brings,
 * `before` being the version the server holds (null or undefined for a new record).
 */
export function pushValueErrors(entity: Entity, data: Json, before?: Json | null): FieldError[] {
  const errors: FieldError[] = []
  for (const place of UUID_PLACES[entity]) {
    for (const [path, value] of valuesAt(data, place)) {
      if (typeof value !== 'string' || isCanonicalUuid(value) || stored(before, place, value)) continue
      errors.push({ path, code: UUID_NOT_LOWERCASE, message: 'Write the id in lowercase' })
    }
  }
  for (const place of TIMESTAMP_PLACES[entity]) {
    for (const [path, value] of valuesAt(data, place)) {
      if (typeof value !== 'string' || timestampWithinBounds(value) || stored(before, place, value)) continue
      errors.push({ path, code: TIMESTAMP_OUT_OF_BOUNDS, message: 'Not a possible time: years 1900 to 2100' })
    }
  }
  const { kind } = data
  if (entity === 'caseEvent' && typeof kind === 'string' && !isKnownEventKind(kind) && before?.kind !== kind) {
    errors.push({
      path: ['kind'],
      code: KNOWN_EVENT_KIND_RULE.code,
      message: 'A kind of case event this server does not know',
    })
  }
  return errors
}

/** Each entity's rules followed by the rules on the values a push brings (for GET /api/v1/schema). */
export function withPushValueRules(
  rules: Record<Entity, readonly RecordRule[]>,
): Record<Entity, readonly RecordRule[]> {
  const all = { ...rules }
  for (const entity of Object.keys(all) as Entity[]) {
    all[entity] = [
      ...all[entity],
      lowercaseIdRule(entity),
      timestampRule(entity),
      ...(entity === 'caseEvent' ? [KNOWN_EVENT_KIND_RULE] : []),
    ]
  }
  return all
}
