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
import type { Entity } from '../../shared/schemas/entities'
import { CASE_PARTS, CASE_SITE_RULE } from '../../shared/site-kinds'
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

/**
 * A record of a case is written at the case's site (CASE_SITE_RULE): else the people of the
 * site it names would pull its free text for a case they cannot see. Checked on the
 * version about to be written (the one sent, or a merge that kept the server's site). A
 * case this transaction moved takes what the batch adds to it at the site it left: it
 * moves along at the end (case-file.ts). A case the server does not hold is linkErrors'.
 */
export async function caseSiteErrors(
  changes: ChangeSet,
  entity: Entity,
  data: RecordData | null,
): Promise<FieldError[]> {
  if (data === null || !CASE_PARTS.includes(entity)) return []
  const { registrationId, siteCode } = data
  if (typeof registrationId !== 'string') return []
  const registration = await changes.record(registrationId)
  if (!registration || registration.deleted || registration.entity !== 'registration') return []
  if (siteCode === registration.siteCode || siteCode === changes.moveOf(registrationId)?.from) return []
  return [
    { path: [CASE_SITE_RULE.fields[0]], code: CASE_SITE_RULE.code, message: "Keep the record at its case's site" },
  ]
}
