/**
 * Refused records (docs/api.md, Refused records): each mutation a push answered
 * `rejected`, listed for supervisors with its ids, site, device, author and errors —
 * never its content, which the server does not keep (but for work sent to a site its
 * author had lost, kept sealed for a supervisor: `kind: lost_site`). It leaves the list when the same
 * device and user send the record again and the server accepts it, or when the phone
 * discards its change (`POST /api/v1/rejections/discard`, which answers the server's
 * current version for the phone to return to).
 */
import { z } from 'zod'
import { entitySchema } from './entities'
import { canonicalUuidSchema, timestampSchema, uuidSchema } from './common'
import { revokeModeSchema } from './devices'
import { problemSubjectSchema } from './problem-subject'
import { changeSchema, fieldErrorSchema } from './sync'

export const rejectedRecordSchema = z.object({
  id: z.string(),
  mutationId: z.string(),
  recordId: z.string(),
  entity: entitySchema,
  /** The site the record names (or, failing that, the server's version's); null when neither says. */
  siteCode: z.string().nullable(),
  deviceId: z.string(),
  /** What the user called the phone at sign-in, when they did. */
  deviceName: z.string().nullable(),
  user: z.object({ id: z.string(), name: z.string() }),
  errors: z.array(fieldErrorSchema),
  rejectedAt: timestampSchema,
  /**
   * (additive) The phone that sent it was revoked for its user, in this mode: it erases
   * itself, so nobody can fix or discard this change on it any more. Absent otherwise.
   */
  deviceRevoked: revokeModeSchema.optional(),
  /**
   * `lost_site`: sent to a site its author had lost; its content is kept (sealed) for a
   * supervisor of the site to accept or discard (`POST /api/v1/rejections/accept`,
   * `/discard-kept`). Absent for the others.
   */
  kind: z.literal('lost_site').optional(),
  /**
   * `case_moved` (additive): kept work of a case that was transferred, meanwhile, to a
   * centre its author does not cover; kept for a supervisor of the case's site now, and
   * told so only to a viewer of that site (to others it is a refusal whose errors carry
   * `kept_for_case_site`). Decided as `lost_site` work.
   */
  keptBecause: z.literal('case_moved').optional(),
  /**
   * What the record is about, from the server's own version of it (additive: older
   * servers send none): a refused new record is not named, its content being on the phone.
   */
  subject: problemSubjectSchema.optional(),
})
export type RejectedRecord = z.infer<typeof rejectedRecordSchema>

export const rejectionListSchema = z.object({ records: z.array(rejectedRecordSchema) })
export type RejectionList = z.infer<typeof rejectionListSchema>

/**
 * The phone drops its refused change of a record. Any spelling parses: a record refused
 * in capitals is discarded by that id, another answers `uuid_not_lowercase` (store/rejections.ts).
 */
export const discardRejectionRequestSchema = z.strictObject({ entity: entitySchema, recordId: uuidSchema })
export type DiscardRejectionRequest = z.infer<typeof discardRejectionRequestSchema>

export const discardRejectionAnswerSchema = z.object({
  recordId: z.string(),
  /** How many refused changes of the record left the supervisors' list. */
  discarded: z.int().min(0),
  /** The server's current version for the caller, or null when it holds none the caller may read. */
  record: changeSchema.nullable(),
})
export type DiscardRejectionAnswer = z.infer<typeof discardRejectionAnswerSchema>

/** A supervisor's decision on kept work at a lost site: the refusals' ids (the server's, in lowercase). */
export const decideRejectionsRequestSchema = z.strictObject({ ids: z.array(canonicalUuidSchema).min(1).max(100) })
export type DecideRejectionsRequest = z.infer<typeof decideRejectionsRequestSchema>

/**
 * The outcome per id: the push status the work got when accepted (`rejected`: the rules
 * still refuse it, with `errors`; it stays listed), `discarded`, or `not_found` (no open
 * kept work of that id at a site the caller covers).
 */
export const decidedWorkSchema = z.object({
  id: z.string(),
  status: z.enum(['applied', 'merged', 'conflict', 'rejected', 'discarded', 'not_found']),
  rev: z.int().optional(),
  errors: z.array(fieldErrorSchema).optional(),
})
export type DecidedWork = z.infer<typeof decidedWorkSchema>

export const decideRejectionsAnswerSchema = z.object({ results: z.array(decidedWorkSchema) })
export type DecideRejectionsAnswer = z.infer<typeof decideRejectionsAnswerSchema>
