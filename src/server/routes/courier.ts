/**
 * POST /api/v1/courier (docs/api.md, Courier files): anyone signed in uploads a file a
 * phone with no link wrote, and the server applies it as that phone's pushes. The
 * courier's session authorises the upload and nothing more: the author, the device and
 * the role that decide what applies are those the push-only token sealed inside the file
 * proves, checked as a push would check them. The whole file is opened and checked before
 * anything applies, so a tampered file changes nothing; each batch then applies in its
 * own transaction, as a push; mutationIds make any re-upload answer `duplicate`. The
 * courier gets statuses and counts, never data or field errors; the audit log keeps who
 * carried what, as counts.
 */
import type { FastifyInstance } from 'fastify'
import { openCourierBatch } from '../../shared/crypto/courier-file'
import { UnsealableError } from '../../shared/crypto/errors'
import type { SessionUser } from '../../shared/schemas/auth'
import {
  courierContentSchema,
  courierFileSchema,
  MAX_COURIER_FILE_BYTES,
  type CourierCounts,
  type CourierFile,
  type CourierResponse,
} from '../../shared/schemas/courier'
import { fieldErrors } from '../../shared/schemas/field-errors'
import { MAX_BATCH_MUTATIONS, type FieldError, type Mutation } from '../../shared/schemas/sync'
import type { ServerDeps } from '../app'
import { caller, type AuthContext } from '../auth/authenticate'
import { ApiError, parseRequest } from '../http/api-error'
import { auditBy } from '../store/audit'
import { revocationOf } from '../store/devices'
import { applyBatch } from '../store/push'
import type { ServerKeyring } from '../store/server-keys'
import { findToken } from '../store/tokens'
import { toSessionUser, userById } from '../store/users'
import type { Db } from '../db/open'

/** A file refused as a whole: `issues` say where, each with a stable code (docs/api.md, Courier files). */
const invalidFile = (message: string, issues: FieldError[]) =>
  new ApiError(400, 'invalid_courier_file', message, { issues })

const unsealable = (reason: string, batchId: string) =>
  new ApiError(400, 'unsealable', 'This server cannot open the file: it was changed, or is not for this server', {
    reason,
    batchId,
  })

type SenderRefusal = 'unknown_sender' | 'device_revoked' | 'token_expired' | 'account_disabled'

const senderRefused = (reason: SenderRefusal) =>
  new ApiError(403, 'sender_refused', 'The phone that wrote this file may no longer send records', { reason })

interface Opened {
  batchId: string
  mutations: Mutation[]
}

/** Opens every batch and checks what it holds; any failure refuses the whole file. */
async function openFile(
  keys: ServerKeyring,
  file: CourierFile,
): Promise<{ token: string; userId: string; batches: Opened[] }> {
  const batches: Opened[] = []
  let sender: { token: string; userId: string } | undefined
  for (const [index, batch] of file.batches.entries()) {
    const privateJwk = await keys.privateJwk(batch.sealed.kid)
    if (privateJwk === undefined) throw unsealable('unknown_kid', batch.batchId)
    let opened: unknown
    try {
      opened = await openCourierBatch({ privateJwk, deviceId: file.deviceId, batch })
    } catch (error) {
      if (error instanceof UnsealableError) throw unsealable(error.reason, batch.batchId)
      throw error
    }
    // counted before parsing: 500 mutations is the limit of a batch whatever their shape
    const raw = opened as { mutations?: unknown } | null
    if (Array.isArray(raw?.mutations) && raw.mutations.length > MAX_BATCH_MUTATIONS) {
      throw invalidFile(`A batch holds at most ${MAX_BATCH_MUTATIONS} changes`, [
        { path: ['batches', index, 'mutations'], code: 'too_big', message: 'Too many changes' },
      ])
    }
    const parsed = courierContentSchema.safeParse(opened)
    if (!parsed.success) {
      // what the batch opened to, at its place in the file: ["batches", 1, "mutations", 0, "mutationId"]
      const issues = fieldErrors(parsed.error).map((e) => ({ ...e, path: ['batches', index, ...e.path] }))
      throw invalidFile('A batch does not hold what a courier batch holds', issues)
    }
    const content = parsed.data
    // one file, one phone and user: a batch with another proof is not this file's
    if (sender && (sender.token !== content.pushToken || sender.userId !== content.userId)) {
      throw invalidFile('The batches of one file come from one phone and user', [
        {
          path: ['batches', index, 'sealed'],
          code: 'sender_mismatch',
          message: 'Another phone or user sealed this batch',
        },
      ])
    }
    sender = { token: content.pushToken, userId: content.userId }
    batches.push({ batchId: batch.batchId, mutations: content.mutations })
  }
  if (!sender)
    throw invalidFile('The file holds no batch', [{ path: ['batches'], code: 'too_small', message: 'No batch' }])
  return { ...sender, batches }
}

/**
 * The (device, user) pair the sealed token proves, checked as authenticate() checks a
 * push: known token of this device and user, pair not blocked, not expired, account
 * active. A pair revoked `wipe_after_upload` may still upload, as its pushes may.
 */
async function senderOf(db: Db, file: CourierFile, proof: { token: string; userId: string }): Promise<SessionUser> {
  const row = await findToken(db, proof.token)
  // an unknown token and another pair's token look the same: no hint for a forger. Only the
  // push-only token proves a sender: a file strangers carry never holds one that reads data
  if (!row || row.kind !== 'push' || row.device_id !== file.deviceId || row.user_id !== proof.userId) {
    throw senderRefused('unknown_sender')
  }
  if ((await revocationOf(db, row.device_id, row.user_id)) === 'block') throw senderRefused('device_revoked')
  if (row.expires_at <= new Date().toISOString()) throw senderRefused('token_expired')
  const user = await userById(db, row.user_id)
  if (!user) throw senderRefused('unknown_sender')
  if (!user.active) throw senderRefused('account_disabled')
  return toSessionUser(user)
}

function countsOf(results: readonly { status: keyof CourierCounts }[]): CourierCounts {
  const counts: CourierCounts = { applied: 0, merged: 0, conflict: 0, rejected: 0, duplicate: 0 }
  for (const result of results) counts[result.status] += 1
  return counts
}

async function carry(deps: ServerDeps, auth: AuthContext, body: unknown): Promise<CourierResponse> {
  const { db, keys } = deps
  const file = parseRequest(courierFileSchema, body, 'invalid_courier_file')
  const refused = async (error: unknown) => {
    // a refused file is audited too: who tried to carry what, and why it was refused
    if (error instanceof ApiError) {
      await auditBy(db, auth, 'courier_upload', file.deviceId, {
        fileId: file.fileId,
        batches: file.batches.length,
        refused: error.code,
        ...(typeof error.extra.reason === 'string' ? { reason: error.extra.reason } : {}),
      })
    }
    return error
  }
  let sender: SessionUser
  let opened: Awaited<ReturnType<typeof openFile>>
  try {
    opened = await openFile(keys, file)
    sender = await senderOf(db, file, opened)
  } catch (error) {
    throw await refused(error)
  }
  const results: CourierResponse['results'] = []
  for (const batch of opened.batches) {
    const answered = await applyBatch(db, { user: sender, deviceId: file.deviceId }, batch.mutations)
    // the courier reads nothing: statuses and revs, never data nor field errors (the phone gets those)
    for (const { mutationId, status, was, rev } of answered) {
      results.push({ mutationId, status, ...(was ? { was } : {}), ...(rev === undefined ? {} : { rev }) })
    }
  }
  const counts = countsOf(results)
  await auditBy(db, auth, 'courier_upload', file.deviceId, {
    fileId: file.fileId,
    senderUserId: sender.id,
    batches: file.batches.length,
    mutations: results.length,
    ...counts,
  })
  return { fileId: file.fileId, serverTime: new Date().toISOString(), counts, results }
}

export function courierRoute(app: FastifyInstance, deps: ServerDeps): void {
  // this scope's own parser: any content type (a file picked on a laptop may come as
  // octet-stream), its own size limit, and a clear 400 for anything that is not JSON
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_COURIER_FILE_BYTES }, (_request, raw, done) => {
    try {
      done(null, JSON.parse(raw as string) as unknown)
    } catch {
      done(
        invalidFile('This is not a file Relais wrote', [{ path: [], code: 'not_json', message: 'Not JSON' }]),
        undefined,
      )
    }
  })
  app.post('/courier', async (request) => carry(deps, caller(request), request.body))
}
