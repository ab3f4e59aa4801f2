/** POST /api/v1/sync/push and GET /api/v1/sync/pull (sync-protocol.md). */
import type { FastifyInstance } from 'fastify'
import { z } from 'zod'
import { UnsealableError } from '../../shared/crypto/errors'
import { openSealedBatch } from '../../shared/crypto/sealed-batch'
import {
  DEFAULT_PULL_LIMIT,
  MAX_BATCH_BYTES,
  MAX_BATCH_MUTATIONS,
  MAX_PULL_LIMIT,
  mutationSchema,
  pushRequestSchema,
  type MinimalPushResponse,
  type Mutation,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type PushResult,
} from '../../shared/schemas/sync'
import type { ServerDeps } from '../app'
import { caller } from '../auth/authenticate'
import { ApiError, parseRequest } from '../http/api-error'
import { packedMutationsSchema, spelledOutBytes, unpackMutations } from '../../shared/schemas/packed-push'
import { prefersMinimal } from '../http/prefer-minimal'
import { batchTooLarge, registerPushBodyParser } from '../http/push-body'
import { auditBy } from '../store/audit'
import { touchDevice } from '../store/devices'
import { queueAfterAnswer } from '../../shared/queue-report'
import { decodeCursor, pullChanges, scopeOf } from '../store/pull'
import { applyBatch } from '../store/push'
import { sendingClock } from '../store/clock-behind'
import type { ServerKeyring } from '../store/server-keys'
import { renewToken } from '../store/tokens'

const pullQuerySchema = z.object({
  since: z.string().max(100).optional(),
  // the protocol sets no maximum: a larger limit gets the largest page given, and `more`
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_PULL_LIMIT)
    .transform((limit) => Math.min(limit, MAX_PULL_LIMIT)),
})

/** Entities whose records are case files: a pull that returns any is audited. */
const CASE_FILES = ['registration', 'assistance', 'referral', 'caseEvent'] as const

const sealedMutationsSchema = z.object({ mutations: z.array(mutationSchema) })
/** Issues of a packed push name their place in it: `["packed", "rows", 3, "shape"]`. */
const packedBodySchema = z.object({ packed: packedMutationsSchema })

const unsealable = (reason: string) =>
  new ApiError(400, 'unsealable', 'This server cannot open the sealed batch; keep it', { reason })

/** The mutations of a `sealed` body, opened and checked like `mutations` (docs/sync-protocol-sealed.md). */
async function openSealed(keys: ServerKeyring, batch: PushRequest): Promise<Mutation[]> {
  const sealed = batch.sealed
  if (sealed === undefined) return []
  const privateJwk = await keys.privateJwk(sealed.kid)
  if (privateJwk === undefined) throw unsealable('unknown_kid')
  let opened: unknown[]
  try {
    opened = await openSealedBatch({
      privateJwk,
      sealed,
      deviceId: batch.deviceId,
      batchId: batch.batchId,
      maxJsonBytes: MAX_BATCH_BYTES,
    })
  } catch (error) {
    if (error instanceof UnsealableError) {
      if (error.reason === 'too_large') throw batchTooLarge()
      throw unsealable(error.reason)
    }
    throw error
  }
  // its JSON was measured while opening: nothing here walks the (untrusted) values
  if (opened.length > MAX_BATCH_MUTATIONS) throw batchTooLarge()
  // the device sealed what it would have sent as `mutations`: a broken envelope inside is still rule 4's
  return parseRequest(sealedMutationsSchema, { mutations: opened }, 'invalid_batch').mutations
}

/** The ways a push carries its mutations: `sealed` and `packed` each go in place of `mutations`. */
const MUTATION_FORMS = ['mutations', 'sealed', 'packed'] as const

/**
 * Refuses a body carrying its mutations more than one way: applying one of them would
 * drop the others without a word. The issue names the last form found.
 */
function oneFormOnly(body: unknown): void {
  if (typeof body !== 'object' || body === null) return
  const forms = MUTATION_FORMS.filter((form) => (body as Record<string, unknown>)[form] !== undefined)
  if (forms.length < 2) return
  throw new ApiError(400, 'invalid_batch', 'A push carries mutations, sealed or packed: one of them', {
    issues: [{ path: [forms.at(-1)], code: 'one_of', message: 'Send the mutations one way only' }],
  })
}

/**
 * A body with `packed` rows as the body with the mutations they stand for (packed-push.ts):
 * from here on, a packed push is a push like any other.
 */
function unpacked(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || !('packed' in body)) return body
  const { packed, ...rest } = body as { packed: unknown }
  const rows = (packed as { rows?: unknown } | null)?.rows
  if (Array.isArray(rows) && rows.length > MAX_BATCH_MUTATIONS) throw batchTooLarge()
  const checked = parseRequest(packedBodySchema, { packed }, 'invalid_batch').packed
  if (spelledOutBytes(checked) > MAX_BATCH_BYTES) throw batchTooLarge()
  return { ...rest, mutations: unpackMutations(checked) }
}

/**
 * A result as a push-only credential gets it: without `data`. Only an `applied` carries
 * data for a version other than the one sent (merged and conflict say so by their status;
 * a duplicate, by `changed` from its first answer: push.ts).
 */
function withoutData({ data, ...result }: PushResult): PushResult {
  return data !== undefined && result.status === 'applied' ? { ...result, changed: true } : result
}

export function pushRoute(app: FastifyInstance, { db, config, keys }: ServerDeps): void {
  registerPushBodyParser(app)
  // rule 6: the supervisors' sync view shows each device's last error
  app.addHook('onError', async (request, _reply, error) => {
    if (!request.auth) return
    const code = error instanceof ApiError ? error.code : 'internal'
    await touchDevice(db, request.auth.deviceId, request.auth.user.id, {
      last_error: code,
      last_error_at: new Date().toISOString(),
    })
  })

  // every push answer to a device revoked `wipe_after_upload` says so, refusals too
  // (sync-protocol.md, Authentication): built here, after the route or the error handler
  app.addHook('preSerialization', async (request, _reply, payload: unknown) =>
    request.auth?.revoked === 'wipe_after_upload' && typeof payload === 'object' && payload !== null
      ? { ...payload, wipe: true }
      : payload,
  )

  app.post(
    '/sync/push',
    { config: { allowWipeAfterUpload: true, allowPushOnly: true } },
    async (request, reply): Promise<PushResponse | MinimalPushResponse> => {
      const auth = caller(request)
      const receivedAt = new Date()
      oneFormOnly(request.body)
      // count before parsing: 500 mutations is the limit whatever their shape
      const raw = request.body as { mutations?: unknown } | null
      if (Array.isArray(raw?.mutations) && raw.mutations.length > MAX_BATCH_MUTATIONS) throw batchTooLarge()
      const batch = parseRequest(pushRequestSchema, unpacked(request.body), 'invalid_batch')
      if (batch.deviceId !== auth.deviceId) {
        throw new ApiError(400, 'invalid_batch', 'deviceId is not the signed-in device', {
          issues: [{ path: ['deviceId'], code: 'device_mismatch', message: 'Sign in on this device' }],
        })
      }
      const mutations = batch.mutations ?? (await openSealed(keys, batch))
      // a push with no mutations only reports what waits on the phone (queue-report.ts)
      const applied =
        mutations.length === 0
          ? []
          : await applyBatch(
              db,
              {
                user: auth.user,
                deviceId: auth.deviceId,
                answersData: auth.tokenKind === 'full',
                sendingClock: sendingClock(batch.sentAt, receivedAt),
              },
              mutations,
            )
      // a push-only credential (a locked device) gets statuses and revs, never record data;
      // an `applied` whose version is not the one sent says so, for the device to pull it
      const results = auth.tokenKind === 'full' ? applied : applied.map(withoutData)
      const now = new Date().toISOString()
      const rejected = results.filter((result) => result.status === 'rejected').length
      // the phone counts this batch in its queue; what the server just answered leaves it
      const recordOf = new Map(mutations.map((m) => [m.mutationId, m.recordId]))
      const queue =
        batch.queue &&
        queueAfterAnswer(
          batch.queue,
          results.map((r) => ({ recordId: recordOf.get(r.mutationId) ?? r.mutationId, status: r.status, was: r.was })),
        )
      await touchDevice(db, auth.deviceId, auth.user.id, {
        last_push_at: now,
        ...(queue === undefined
          ? { pending: null, attention: null, oldest_unsent_at: null }
          : { pending: queue.pending, attention: queue.attention, oldest_unsent_at: queue.oldestUnsentAt }),
        ...(batch.appVersion === undefined ? {} : { app_version: batch.appVersion }),
        ...(rejected > 0 ? { last_error: `${rejected} rejected`, last_error_at: now } : {}),
      })
      await renewToken(db, auth.tokenHash, config.tokenTtlDays)
      const response: PushResponse | MinimalPushResponse = { batchId: batch.batchId, serverTime: now, results }
      // the phone knows what it sent, in this order (sync-protocol.md, additive notes)
      if (prefersMinimal(request.headers.prefer)) {
        reply.header('preference-applied', 'return=minimal')
        response.results = results.map(({ mutationId: _sent, ...result }) => result)
      }
      return response
    },
  )
}

export function pullRoute(app: FastifyInstance, { db, config }: ServerDeps): void {
  // audited, and the device's last pull: a HEAD would run it for nothing (as an export's)
  app.get('/sync/pull', { exposeHeadRoute: false }, async (request): Promise<PullResponse> => {
    const auth = caller(request)
    const query = parseRequest(pullQuerySchema, request.query)
    const cursor = query.since === undefined || query.since === '' ? { seq: 0 } : decodeCursor(query.since)
    if (cursor === undefined) {
      throw new ApiError(400, 'invalid_cursor', 'The cursor is not one this server gave', {
        issues: [{ path: ['since'], code: 'invalid_cursor', message: 'Start again without since' }],
      })
    }
    // the user's sites (or role) changed since this cursor: starting again brings the older
    // records of a new site, which a cursor past them would never send
    if (cursor.scope !== undefined && cursor.scope !== scopeOf(auth.user)) {
      throw new ApiError(400, 'invalid_cursor', 'Your sites changed since this cursor', {
        issues: [{ path: ['since'], code: 'invalid_cursor', message: 'Start again without since' }],
      })
    }
    const since = cursor.seq
    const page = await pullChanges(db, { user: auth.user, deviceId: auth.deviceId, since, limit: query.limit })
    const read = page.changes.filter((c) => !c.deleted && (CASE_FILES as readonly string[]).includes(c.entity))
    if (read.length > 0) {
      const counts = Object.fromEntries(
        CASE_FILES.map((entity) => [entity, read.filter((c) => c.entity === entity).length]),
      )
      // which centres' case files: a data-protection officer asks whose files were read
      const sites = [...new Set(read.map((c) => c.data?.siteCode).filter((code) => typeof code === 'string'))].sort()
      await auditBy(db, auth, 'records_read', null, { ...counts, sites })
    }
    await touchDevice(db, auth.deviceId, auth.user.id, { last_pull_at: new Date().toISOString() })
    await renewToken(db, auth.tokenHash, config.tokenTtlDays)
    return page
  })
}
