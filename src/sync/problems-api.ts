/**
 * The Problems API over fetch: refused records, quarantined records and conflicts for
 * supervisors, per-field resolution, and a phone discarding its own refused change.
 * Online only: nothing is queued. Answers are parsed with the shared schemas, and every
 * failure becomes an `AdminProblem` the screens put in words.
 */
import { z } from 'zod'
import {
  conflictSchema,
  resolveConflictResponseSchema,
  type FieldChoices,
  type ResolveConflictRequest,
} from '@/shared/schemas/conflicts'
import type { Entity } from '@/shared/schemas/entities'
import { quarantineListSchema } from '@/shared/schemas/quarantine'
import {
  decideRejectionsAnswerSchema,
  discardRejectionAnswerSchema,
  rejectionListSchema,
} from '@/shared/schemas/rejections'
import { createApiCall, postJson, type ApiOptions } from './api-call'

export type ProblemsApiOptions = ApiOptions

export function createProblemsApi(opts: ProblemsApiOptions) {
  const call = createApiCall(opts)
  const post = postJson

  return {
    listConflicts: () => call('/api/v1/conflicts?status=open', {}, z.array(conflictSchema)),
    listRejections: () => call('/api/v1/rejections', {}, rejectionListSchema),
    listQuarantine: () => call('/api/v1/quarantine', {}, quarantineListSchema),
    /** Keeps, for each field that differs, the side chosen: a new version every phone pulls. */
    resolveByField: (id: string, fields: FieldChoices) =>
      call(
        `/api/v1/conflicts/${encodeURIComponent(id)}/resolve`,
        post({ choice: 'merged', fields } satisfies ResolveConflictRequest),
        resolveConflictResponseSchema,
      ),
    /** Keeps the server's version, or applies the phone's whole (a deletion cannot be chosen field by field). */
    resolveWhole: (id: string, choice: 'server' | 'incoming') =>
      call(
        `/api/v1/conflicts/${encodeURIComponent(id)}/resolve`,
        post({ choice } satisfies ResolveConflictRequest),
        resolveConflictResponseSchema,
      ),
    /** The author drops their refused change; the answer carries the server's version to return to. */
    discardRejection: (entity: Entity, recordId: string) =>
      call('/api/v1/rejections/discard', post({ entity, recordId }), discardRejectionAnswerSchema),
    /** A supervisor applies work sent to a site its author had lost, as the author's. */
    acceptLostSiteWork: (ids: string[]) =>
      call('/api/v1/rejections/accept', post({ ids }), decideRejectionsAnswerSchema),
    /** A supervisor discards that work: its content is deleted from the server. */
    discardLostSiteWork: (ids: string[]) =>
      call('/api/v1/rejections/discard-kept', post({ ids }), decideRejectionsAnswerSchema),
    /** A supervisor closes refused changes of a phone since revoked: nobody can fix them there. */
    closeRevokedRefusals: (ids: string[]) =>
      call('/api/v1/rejections/close-revoked', post({ ids }), decideRejectionsAnswerSchema),
  }
}

export type ProblemsApi = ReturnType<typeof createProblemsApi>
