/**
 * Seals the pending outbox at lock: the queued entries, decrypted while the keys are
 * still in memory, cut into batches within the protocol's limits (≤ 500 mutations,
 * ≤ 2 MiB), each sealed to the server's newest public key (one ECDH per batch) and
 * stored with its batchId, so that the locked device pushes them with its push token.
 */
import type { RelaisDb, SealedBatchRow } from '@/data/db'
import { allQueuedEntries, openEntries } from '@/data/outbox'
import { storeSealedBatches } from '@/data/sealed'
import { sealBatch } from '@/shared/crypto/sealed-batch'
import { newId as uuid } from '@/shared/ids'
import { toMutation } from '@/data/outbox-entry'
import type { ServerKey } from '@/shared/schemas/keys'
import { planBatch, PROTOCOL_LIMITS, type BatchLimits } from './batch-plan'

export interface SealOptions {
  /** The server key to seal to (the newest active one, cached on the device). */
  serverKey: Pick<ServerKey, 'kid' | 'jwk'>
  deviceId: string
  limits?: BatchLimits
  newId?: () => string
  now?: () => Date
}

/** Seals every queued entry; returns how many batches were made. Call before the keys go. */
export async function sealOutbox(db: RelaisDb, opts: SealOptions): Promise<number> {
  const limits = opts.limits ?? PROTOCOL_LIMITS
  const makeId = opts.newId ?? uuid
  const now = opts.now ?? (() => new Date())
  const entries = await openEntries(db, await allQueuedEntries(db))
  const batches: SealedBatchRow[] = []
  let rest = entries
  while (rest.length > 0) {
    const batchId = makeId()
    const batch = planBatch(rest, { deviceId: opts.deviceId, batchId }, limits)
    rest = rest.slice(batch.length)
    let sealed: SealedBatchRow['sealed']
    try {
      sealed = await sealBatch({
        publicJwk: opts.serverKey.jwk,
        kid: opts.serverKey.kid,
        deviceId: opts.deviceId,
        batchId,
        mutations: batch.map(toMutation),
      })
    } catch (err) {
      // one entry alone past the limits: it stays queued, for the server to refuse when unlocked
      if (err instanceof RangeError) continue
      throw err
    }
    batches.push({ batchId, createdAt: now().toISOString(), mutationIds: batch.map((e) => e.mutationId), sealed })
  }
  // sealing is done before the transaction: awaiting WebCrypto inside one commits it
  if (batches.length > 0) await storeSealedBatches(db, batches)
  return batches.length
}
