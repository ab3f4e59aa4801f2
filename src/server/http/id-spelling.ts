/**
 * One UUID, one spelling, in every request (docs/api.md, Ids: one UUID, one spelling).
 * An id a client made (a case's, a device's) may be held in capitals from before the
 * rule, and a request reaches it by that exact spelling, as a push does; so such a field
 * is checked once its look-up in the caller's reach found nothing: a UUID written
 * otherwise than in lowercase then answers `uuid_not_lowercase` at its field (the push's
 * code), whether or not that spelling exists beyond the caller's reach, rather than a 404
 * that hides the slip. The ids only the server makes are refused so at the schema
 * (`canonicalUuidSchema`, `inLowercase`): it never wrote them otherwise.
 */
import { isOtherUuidSpelling, UUID_NOT_LOWERCASE } from '../../shared/schemas/common'
import type { FieldError } from '../../shared/schemas/sync'
import { ApiError } from './api-error'

export interface NamedId {
  /** Where the id is in the request: a body field, or a path parameter by its name. */
  path: FieldError['path']
  id: string
}

/**
 * The 400 of the ids, among those a look-up found nothing for, that are UUIDs written
 * otherwise than in lowercase, each at its field; undefined when there is none (the
 * caller answers its 404).
 */
export function otherSpellings(ids: readonly NamedId[]): ApiError | undefined {
  const issues: FieldError[] = ids
    .filter(({ id }) => isOtherUuidSpelling(id))
    .map(({ path }) => ({ path, code: UUID_NOT_LOWERCASE, message: 'Write the id in lowercase' }))
  if (issues.length === 0) return undefined
  return new ApiError(400, 'invalid_request', 'The request does not match the expected shape', { issues })
}
