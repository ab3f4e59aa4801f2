/**
 * The possible-duplicates API over fetch (supervisors): the pairs and recent merges,
 * merge, "not the same person" and its undo, a merge's undo. Online only: nothing is queued. Answers are parsed
 * with the shared schemas; a refused merge comes back as `invalid` with the server's
 * field errors, whose stable code (merge_needs_same_site…) the screen puts in words.
 */
import {
  distinctAnswerSchema,
  duplicateListSchema,
  mergeAnswerSchema,
  undoDistinctAnswerSchema,
  undoMergeAnswerSchema,
  type DistinctRequest,
  type MergeRequest,
  type UndoDistinctRequest,
  type UndoMergeRequest,
} from '@/shared/schemas/duplicates'
import { createApiCall, postJson, type ApiOptions } from './api-call'

export type DuplicatesApiOptions = ApiOptions

export function createDuplicatesApi(opts: DuplicatesApiOptions) {
  const call = createApiCall(opts)

  return {
    list: () => call('/api/v1/duplicates', {}, duplicateListSchema),
    merge: (request: MergeRequest) => call('/api/v1/duplicates/merge', postJson(request), mergeAnswerSchema),
    markDistinct: (request: DistinctRequest) =>
      call('/api/v1/duplicates/distinct', postJson(request), distinctAnswerSchema),
    undoDistinct: (request: UndoDistinctRequest) =>
      call('/api/v1/duplicates/distinct/undo', postJson(request), undoDistinctAnswerSchema),
    undo: (request: UndoMergeRequest) => call('/api/v1/duplicates/undo', postJson(request), undoMergeAnswerSchema),
  }
}

export type DuplicatesApi = ReturnType<typeof createDuplicatesApi>
