/**
 * Links between records: an assistance or a referral names the registration it is for,
 * and that registration must be one the user covers — stored already, or earlier in the
 * same batch (the change set's cache holds both). A link to anything else answers the
 * neutral `unavailable` (out-of-scope.ts): a push never learns whether an id exists at
 * another site. A link written otherwise than in lowercase names a case only by its exact
 * id (one stored so before the rule, push-values.ts); else it is `uuid_not_lowercase`,
 * whether or not that spelling exists elsewhere.
 */
import type { SessionUser } from '../../shared/schemas/auth'
import { isCanonicalUuid, UUID_NOT_LOWERCASE } from '../../shared/schemas/common'
import type { FieldError } from '../../shared/schemas/sync'
import { mayUseSite } from '../../shared/roles'
import type { ChangeSet } from './change-set'
import { unavailable } from './out-of-scope'
import type { RecordData, StoredRecord } from './records'

export interface Links {
  errors: FieldError[]
  /** The registration the record links to, when it has one and the user covers it. */
  registration?: StoredRecord
}

export async function linkErrors(changes: ChangeSet, user: SessionUser, data: RecordData | null): Promise<Links> {
  const registrationId = data?.registrationId
  if (typeof registrationId !== 'string') return { errors: [] }
  const registration = await changes.record(registrationId)
  // a case moved away in this batch from a site of the user's still takes what the
  // batch adds to it there (its transfer event): it follows the case (case-file.ts)
  const movedFrom = changes.moveOf(registrationId)?.from
  const covered =
    registration !== undefined &&
    registration.entity === 'registration' &&
    !registration.deleted &&
    (mayUseSite(user, registration.siteCode) || (movedFrom !== undefined && mayUseSite(user, movedFrom)))
  if (covered) return { errors: [], registration }
  if (!isCanonicalUuid(registrationId)) {
    return { errors: [{ path: ['registrationId'], code: UUID_NOT_LOWERCASE, message: 'Write the id in lowercase' }] }
  }
  return { errors: [unavailable(['registrationId'])] }
}
