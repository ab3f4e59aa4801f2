/**
 * Possible duplicate persons (supervisors and admins, at their sites): GET
 * /api/v1/duplicates lists the pairs and the recent merges; POST
 * /api/v1/duplicates/merge, /distinct, /undo (a merge) and /distinct/undo act on them
 * (store/duplicates.ts, store/distinct-pairs.ts).
 */
import type { FastifyInstance } from 'fastify'
import {
  distinctRequestSchema,
  duplicatesQuerySchema,
  mergeRequestSchema,
  undoDistinctRequestSchema,
  undoMergeRequestSchema,
  type DistinctAnswer,
  type DuplicateList,
  type MergeAnswer,
  type UndoDistinctAnswer,
  type UndoMergeAnswer,
} from '../../shared/schemas/duplicates'
import type { ServerDeps } from '../app'
import { requireRole } from '../auth/authenticate'
import { parseRequest } from '../http/api-error'
import { auditBy } from '../store/audit'
import { markDistinct, undoDistinct } from '../store/distinct-pairs'
import { mergeCases, undoMerge } from '../store/duplicates'
import { findDuplicates } from '../store/duplicates-find'

const SUPERVISORS = ['supervisor', 'admin'] as const

export function duplicateRoutes(app: FastifyInstance, { db }: ServerDeps): void {
  app.get('/duplicates', { exposeHeadRoute: false }, async (request): Promise<DuplicateList> => {
    const auth = requireRole(request, SUPERVISORS)
    const query = parseRequest(duplicatesQuerySchema, request.query)
    const list = await findDuplicates(db, auth.user, query)
    // the pairs carry names and birth dates: each read is audited, with counts
    await auditBy(db, auth, 'duplicates_read', null, { pairs: list.pairs.length, merges: list.merges.length })
    return list
  })

  app.post('/duplicates/merge', async (request): Promise<MergeAnswer> => {
    const auth = requireRole(request, SUPERVISORS)
    return mergeCases(db, auth, parseRequest(mergeRequestSchema, request.body))
  })

  app.post('/duplicates/distinct', async (request): Promise<DistinctAnswer> => {
    const auth = requireRole(request, SUPERVISORS)
    return markDistinct(db, auth, parseRequest(distinctRequestSchema, request.body))
  })

  app.post('/duplicates/distinct/undo', async (request): Promise<UndoDistinctAnswer> => {
    const auth = requireRole(request, SUPERVISORS)
    return undoDistinct(db, auth, parseRequest(undoDistinctRequestSchema, request.body))
  })

  app.post('/duplicates/undo', async (request): Promise<UndoMergeAnswer> => {
    const auth = requireRole(request, SUPERVISORS)
    return undoMerge(db, auth, parseRequest(undoMergeRequestSchema, request.body))
  })
}
