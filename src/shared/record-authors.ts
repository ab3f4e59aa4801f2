/**
 * Who wrote a case's record: a registration's `registeredBy`, an assistance's
 * `providedBy`, a referral's `sentBy`, a case event's `by`. The server checks it at push
 * (store/check-author.ts): a record new to the server names the user who sent it (the
 * signed-in user; for a courier file the sender its sealed batches prove; for work kept
 * at a lost site its author), and an edit leaves it as stored. Otherwise a registrar could
 * put an assistance in a colleague's name, and learn any user's name and role from the
 * staff directory (which names the authors of the records a user's sites hold) by putting
 * their id in a record. The app always writes the signed-in user's id, and keeps the
 * author of a record it edits.
 */
import type { Entity } from './schemas/entities'
import { serverRule, type RecordRule } from './schemas/rule-issue'
import type { FieldError } from './schemas/sync'

/** The case entities and the field of their data that names who wrote them. */
export const AUTHOR_FIELDS = {
  registration: 'registeredBy',
  assistance: 'providedBy',
  referral: 'sentBy',
  caseEvent: 'by',
} as const satisfies Partial<Record<Entity, string>>

export type AuthoredEntity = keyof typeof AUTHOR_FIELDS

/** The field naming who wrote a record of `entity`, if it has one. */
export function authorField(entity: Entity): string | undefined {
  return (AUTHOR_FIELDS as Partial<Record<Entity, string>>)[entity]
}

export const NOT_THE_AUTHOR = 'not_the_author'

/** The author rule of an entity, for GET /api/v1/schema. */
export function authorRule(entity: AuthoredEntity): RecordRule {
  const field = AUTHOR_FIELDS[entity]
  return serverRule(
    NOT_THE_AUTHOR,
    [field],
    `${field} is the id of the user who sends the record when it is new to the server${entity === 'referral' ? ' (or left out)' : ''} (the sender a courier file proves, the author of work kept at a lost site), and stays as stored on every edit`,
  )
}

type Json = Record<string, unknown>

/**
 * The field error of a record whose author is not the one it may name: `stored` is the
 * author the server holds for it (a field absent from its stored version: undefined),
 * or `none` for a record new to the server, whose author is then `senderId`.
 */
export function authorErrors(
  entity: Entity,
  data: Json,
  senderId: string,
  stored: { author: unknown } | 'none',
): FieldError[] {
  const field = authorField(entity)
  if (field === undefined) return []
  const author = data[field]
  if (stored === 'none') {
    // a referral's sentBy is optional (referrals made before it have none): left out, it names no one
    if (author === senderId || (author === undefined && entity === 'referral')) return []
    return [{ path: [field], code: NOT_THE_AUTHOR, message: 'A new record names the user who sends it' }]
  }
  if (author === stored.author) return []
  return [{ path: [field], code: NOT_THE_AUTHOR, message: 'The author of a record does not change' }]
}
