/** The audit log (GET /api/v1/audit, admins): who signed in, read, exported or changed what. */
import { z } from 'zod'
import { roleSchema } from './auth'
import { canonicalUuidSchema, timestampSchema } from './common'

export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'user_created',
  'user_updated',
  'password_reset',
  'password_changed',
  'site_created',
  'site_updated',
  'device_revoked',
  'keys_rotated',
  'records_read',
  'conflicts_read',
  'conflict_resolved',
  'duplicates_read',
  'cases_merged',
  'cases_marked_distinct',
  /** A supervisor took back "not the same person": the pair is listed again. */
  'distinct_undone',
  'merge_undone',
  'export',
  /** A courier file uploaded (or refused): the carrier is the actor, the target the phone that wrote it. */
  'courier_upload',
  /** A supervisor applied (or discarded) work sent to a site its author had lost; the target is the record. */
  'rejection_accepted',
  'rejection_discarded',
] as const
export const auditActionSchema = z.enum(AUDIT_ACTIONS)
export type AuditAction = z.infer<typeof auditActionSchema>

/** A user named by an entry, as the account is now (additive). */
export const auditPersonSchema = z.object({ name: z.string(), username: z.string(), role: roleSchema })
export type AuditPerson = z.infer<typeof auditPersonSchema>

/** Actions whose target is a user's id: the entry names that user (`targetUser`). */
export const USER_TARGET_ACTIONS: readonly AuditAction[] = [
  'user_created',
  'user_updated',
  'password_reset',
  'password_changed',
]

export const auditEntrySchema = z.object({
  id: z.string(),
  at: timestampSchema,
  /** The signed-in user; null for a failed sign-in. */
  actorUserId: z.string().nullable(),
  deviceId: z.string().nullable(),
  action: auditActionSchema,
  /** What was acted on: a user id, a username tried, a device id, an entity… */
  target: z.string().nullable(),
  /** Counts, codes and ids: never a migrant's personal data. */
  details: z.record(z.string(), z.unknown()).nullable(),
  /** Additive: the actor's name, username and role now; null with no actor (or one since deleted). */
  actor: auditPersonSchema.nullable(),
  /** Additive: the user an action of USER_TARGET_ACTIONS was about, as now; null otherwise. */
  targetUser: auditPersonSchema.nullable(),
  /**
   * Additive: record id → the number of the case it is or belongs to, for the records the
   * entry names by id (a resolved conflict's, a settled refusal's, merged cases'), as the
   * records are now; never a name. An older server sends none.
   */
  caseNumbers: z.record(z.string(), z.string()).catch({}),
})
export type AuditEntry = z.infer<typeof auditEntrySchema>

export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  /**
   * An entry id: the page holds entries older than it (the previous page's `next`); anything
   * else is a 400, an id in capitals `uuid_not_lowercase` (the server writes them in lowercase).
   */
  before: canonicalUuidSchema.optional(),
  /**
   * Additive: only these actions, `action=export` or `action=sign_in,sign_in_failed`
   * (repeated `action=` are joined); an unknown code is a 400 on `action`.
   */
  action: z
    .union([z.string().max(2_000), z.array(z.string().max(2_000)).max(AUDIT_ACTIONS.length)])
    .transform((value) => (Array.isArray(value) ? value.join(',') : value).split(','))
    .pipe(
      z
        .array(auditActionSchema)
        .min(1)
        .max(AUDIT_ACTIONS.length * 4),
    )
    .transform((actions) => [...new Set(actions)])
    .optional(),
})

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: z.string().nullable(),
})
export type AuditPage = z.infer<typeof auditPageSchema>
