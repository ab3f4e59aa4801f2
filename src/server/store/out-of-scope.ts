/**
 * The one answer for whatever lies outside a user's sites: a record of another site, a
 * mutationId another user sent, a link to a record the user does not cover. It is the
 * same answer as for a record that does not exist, so that a push tells nothing of
 * other sites (which exist, what they hold, who wrote there).
 */
import type { FieldError } from '../../shared/schemas/sync'

export const UNAVAILABLE = 'unavailable'

export function unavailable(path: FieldError['path']): FieldError {
  return { path, code: UNAVAILABLE, message: 'No such record is available to you' }
}
