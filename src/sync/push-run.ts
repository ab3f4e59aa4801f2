/**
 * Pushes the outbox in sequential batches. Each batch's id is stored on its entries
 * before it is sent, so that a retry resends the same entries under the same id, and
 * the server answers the ones it already has `duplicate`.
 */
import { applyPushResults } from '@/data/acknowledge'
import { assignBatch, batchEntries, openEntries, queuedEntries } from '@/data/outbox'
import { queueFigures } from '@/data/queue-report'
import { getSyncStatus, updateSyncStatus } from '@/data/sync-status'
import { waitingRecordCount } from '@/data/waiting-records'
import { applySealedResults, listSealedBatches } from '@/data/sealed'
import type { OutboxEntry } from '@/data/outbox-entry'
import type { RelaisDb } from '@/data/db'
import { planBatch, pushBody, splitInHalves, type BatchLimits } from './batch-plan'
import { classify, type FailureAction } from './retry-policy'
import type { SyncTransport, TransportFailure } from './transport'
import { queueAfterAnswer, sameFigures, type QueueFigures } from '@/shared/queue-report'
import type { PushRequest, PushResult } from '@/shared/schemas/sync'

export interface PhaseContext {
  db: RelaisDb
  transport: SyncTransport
  deviceId: string
  appVersion?: string
  limits: BatchLimits
  newId(): string
  onProgress(sent: number, total: number): Promise<void>
}

export type PhaseResult = { ok: true; wipe: boolean } | { ok: false; failure: TransportFailure; action: FailureAction }

interface Batch {
  batchId: string
  entries: OutboxEntry[]
}

/** The batch to send next: an unanswered one first, else a new one from the queue's head. */
async function nextBatch(ctx: PhaseContext): Promise<Batch | null> {
  const head = await queuedEntries(ctx.db, ctx.limits.maxMutations)
  const first = head[0]
  if (!first) return null
  if (first.batchId) {
    return { batchId: first.batchId, entries: await openEntries(ctx.db, await batchEntries(ctx.db, first.batchId)) }
  }
  const end = head.findIndex((e) => e.batchId !== undefined)
  // decrypted after the read, for the body (throws LockedError while locked)
  const fresh = await openEntries(ctx.db, end === -1 ? head : head.slice(0, end))
  const batchId = ctx.newId()
  const entries = planBatch(fresh, { deviceId: ctx.deviceId, batchId, appVersion: ctx.appVersion }, ctx.limits)
  await assignBatch(ctx.db, entries, batchId)
  return { batchId, entries }
}

/** Gives each half of a refused batch its own new id; a single entry too large is parked. */
async function split(ctx: PhaseContext, batch: Batch): Promise<void> {
  if (batch.entries.length > 1) {
    for (const half of splitInHalves(batch.entries)) await assignBatch(ctx.db, half, ctx.newId())
    return
  }
  const errors = [{ path: [], code: 'batch_too_large', message: 'This record is too large to send' }]
  await applyPushResults(
    ctx.db,
    batch.entries,
    batch.entries.map((e) => ({ mutationId: e.mutationId, status: 'rejected', errors })),
  )
}

/**
 * Pushes the batches sealed at lock, each under its own batchId (the same on every
 * retry), and applies the answers' statuses and revs without decrypting. Works locked.
 */
export async function pushSealed(ctx: PhaseContext): Promise<PhaseResult> {
  let wipe = false
  for (const batch of await listSealedBatches(ctx.db)) {
    const queue = await queueFigures(ctx.db)
    const body = {
      deviceId: ctx.deviceId,
      batchId: batch.batchId,
      queue,
      ...(ctx.appVersion ? { appVersion: ctx.appVersion } : {}),
      // sealed at lock, sent now: the envelope's clock is the sending's
      sentAt: nowIso(),
      sealed: batch.sealed as NonNullable<PushRequest['sealed']>,
    }
    const outcome = await ctx.transport.push(body)
    if (!outcome.ok) {
      const action = classify(outcome.failure)
      // a sealed batch cannot be split (413) nor opened differently (400 unsealable):
      // keep it, stop, and retry slowly
      return { ok: false, failure: outcome.failure, action: action === 'split' ? 'halt' : action }
    }
    wipe ||= outcome.value.wipe === true
    const entries = await ctx.db.outbox.where('mutationId').anyOf(batch.mutationIds).toArray()
    await applySealedResults(ctx.db, batch, outcome.value.results)
    await rememberReported(ctx, queue, entries, outcome.value.results)
  }
  return { ok: true, wipe }
}

/** Keeps what the server now holds of the queue: what it was told, less what it answered. */
async function rememberReported(
  ctx: PhaseContext,
  queue: QueueFigures & { attention: number },
  entries: readonly OutboxEntry[],
  results: readonly PushResult[],
): Promise<void> {
  const recordOf = new Map(entries.map((e) => [e.mutationId, e.recordId]))
  const answered = results.map((r) => ({ recordId: recordOf.get(r.mutationId) ?? r.mutationId, ...r }))
  await updateSyncStatus(ctx.db, { reportedQueue: queueAfterAnswer(queue, answered) })
}

/**
 * With nothing left to send, tells the server what waits on the phone when that changed
 * since its last answer (a refused record discarded, a conflict settled, an answer the
 * server could not foresee), by a push with no mutations. A phone that never told it
 * (nothing to send since its first sign-in) tells it once: until then a supervisor's
 * Devices says "not known" of its queue and its app version.
 */
async function reportQueue(ctx: PhaseContext): Promise<PhaseResult> {
  const queue = await queueFigures(ctx.db)
  const known = (await getSyncStatus(ctx.db)).reportedQueue
  if (known !== undefined && sameFigures(queueAfterAnswer(queue, []), known)) return { ok: true, wipe: false }
  const body = pushBody({ deviceId: ctx.deviceId, batchId: ctx.newId(), ...queue, appVersion: ctx.appVersion }, [])
  const outcome = await ctx.transport.push(body)
  if (!outcome.ok) {
    const action = classify(outcome.failure)
    return { ok: false, failure: outcome.failure, action: action === 'split' ? 'halt' : action }
  }
  await rememberReported(ctx, queue, [], [])
  return { ok: true, wipe: outcome.value.wipe === true }
}

/**
 * Sends the queue, batch after batch. Its progress counts records, as the sync chip
 * does (data/waiting-records.ts), not the protocol's mutations.
 */
export async function pushOutbox(ctx: PhaseContext): Promise<PhaseResult> {
  let total = await waitingRecordCount(ctx.db)
  let sent = 0
  let wipe = false
  if (total > 0) await ctx.onProgress(0, total)
  for (;;) {
    const batch = await nextBatch(ctx)
    if (!batch) {
      const reported = await reportQueue(ctx)
      return reported.ok ? { ok: true, wipe: wipe || reported.wipe } : reported
    }
    const queue = await queueFigures(ctx.db)
    // the clock as it is sent, a retry's too: the server judges the tallies' times by it
    const body = pushBody(
      { deviceId: ctx.deviceId, batchId: batch.batchId, ...queue, appVersion: ctx.appVersion, sentAt: nowIso() },
      batch.entries,
    )
    const outcome = await ctx.transport.push(body)
    if (!outcome.ok) {
      const action = classify(outcome.failure)
      if (action !== 'split') return { ok: false, failure: outcome.failure, action }
      await split(ctx, batch)
      continue
    }
    wipe ||= outcome.value.wipe === true
    const { answered } = await applyPushResults(ctx.db, batch.entries, outcome.value.results)
    await rememberReported(ctx, queue, batch.entries, outcome.value.results)
    if (answered === 0) {
      // an answer that acknowledges nothing would loop forever: stop, keep the entries
      const failure = { kind: 'bad_response', status: 200, message: 'The server answered none of the batch' } as const
      return { ok: false, failure, action: 'halt' }
    }
    // the records no longer waiting; one saved meanwhile adds to the total
    const left = await waitingRecordCount(ctx.db)
    sent = Math.max(sent, total - left)
    total = Math.max(total, sent + left)
    await ctx.onProgress(sent, total)
  }
}

/** The phone's clock now, as a push says it (`sentAt`). */
function nowIso(): string {
  return new Date().toISOString()
}
