/**
 * Refused records: GET /api/v1/rejections (supervisors and admins) lists those still
 * open; POST /api/v1/rejections/discard (the author) closes theirs for a record and
 * answers the server's current version, for the phone to return to. Work sent to a site
 * its author had lost (`kind: lost_site`) is accepted or discarded by a supervisor or
 * admin of that site: POST /api/v1/rejections/accept and /discard-kept `{ ids }`. A
 * refusal from a phone since revoked is closed by a supervisor: /close-revoked `{ ids }`.
 */
import type { FastifyInstance } from 'fastify'
import {
  decideRejectionsRequestSchema,
  discardRejectionRequestSchema,
  type DecideRejectionsAnswer,
  type DiscardRejectionAnswer,
  type RejectionList,
} from '../../shared/schemas/rejections'
import type { ServerDeps } from '../app'
import { caller, requireRole } from '../auth/authenticate'
import { parseRequest } from '../http/api-error'
import { auditBy } from '../store/audit'
import { acceptLostSiteWork, discardLostSiteWork } from '../store/lost-site-work'
import { namedCases } from '../store/problem-subjects'
import { discardRejection, listRejections } from '../store/rejections'
import { closeRevokedRefusals } from '../store/revoked-refusals'

/** Entities whose records are case files: reading one is audited, as a pull is. */
const CASE_FILES: readonly string[] = ['registration', 'assistance', 'referral', 'caseEvent']

export function rejectionRoutes(app: FastifyInstance, { db, keys }: ServerDeps): void {
  app.get('/rejections', { exposeHeadRoute: false }, async (request): Promise<RejectionList> => {
    const auth = requireRole(request, ['supervisor', 'admin'])
    const records = await listRejections(db, keys, auth.user)
    // a refusal names its case from the server's version or the kept work: a read of case files, audited with counts
    const named = namedCases(records.flatMap((r) => (r.subject ? [r.subject] : [])))
    if (named > 0) await auditBy(db, auth, 'records_read', null, { registration: named })
    return { records }
  })

  app.post('/rejections/discard', async (request): Promise<DiscardRejectionAnswer> => {
    const auth = caller(request)
    const body = parseRequest(discardRejectionRequestSchema, request.body)
    const answer = await discardRejection(db, { user: auth.user, deviceId: auth.deviceId }, body)
    const record = answer.record
    if (record && !record.deleted && CASE_FILES.includes(record.entity)) {
      await auditBy(db, auth, 'records_read', null, { [record.entity]: 1 })
    }
    return answer
  })

  app.post('/rejections/accept', async (request): Promise<DecideRejectionsAnswer> => {
    const auth = requireRole(request, ['supervisor', 'admin'])
    const { ids } = parseRequest(decideRejectionsRequestSchema, request.body)
    return { results: await acceptLostSiteWork(db, keys, auth, ids) }
  })

  app.post('/rejections/discard-kept', async (request): Promise<DecideRejectionsAnswer> => {
    const auth = requireRole(request, ['supervisor', 'admin'])
    const { ids } = parseRequest(decideRejectionsRequestSchema, request.body)
    return { results: await discardLostSiteWork(db, auth, ids) }
  })

  // a change refused from a phone since revoked: nobody can fix it there, a supervisor closes it
  app.post('/rejections/close-revoked', async (request): Promise<DecideRejectionsAnswer> => {
    const auth = requireRole(request, ['supervisor', 'admin'])
    const { ids } = parseRequest(decideRejectionsRequestSchema, request.body)
    return { results: await closeRevokedRefusals(db, auth, ids) }
  })
}
