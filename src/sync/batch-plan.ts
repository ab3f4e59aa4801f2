/**
 * Cuts the queue into push batches within the protocol's limits: at most 500 mutations
 * and 2 MiB of uncompressed JSON, measured on the body as it will be sent.
 */
import { MAX_BATCH_BYTES, MAX_BATCH_MUTATIONS, type PushRequest } from '@/shared/schemas/sync'
import { toMutation, type OutboxEntry } from '@/data/outbox-entry'

export interface BatchLimits {
  maxMutations: number
  maxBytes: number
}

export const PROTOCOL_LIMITS: BatchLimits = { maxMutations: MAX_BATCH_MUTATIONS, maxBytes: MAX_BATCH_BYTES }

const encoder = new TextEncoder()

/** A queue report and send time as long as any real one (an ISO time from toISOString is always 24 characters). */
const WIDEST_QUEUE = {
  pending: Number.MAX_SAFE_INTEGER,
  attention: Number.MAX_SAFE_INTEGER,
  oldestUnsentAt: '2000-01-01T00:00:00.000Z',
  sentAt: '2000-01-01T00:00:00.000Z',
}

/** Bytes of a value's JSON, UTF-8 encoded (what the server counts). */
export function jsonBytes(value: unknown): number {
  return encoder.encode(JSON.stringify(value)).byteLength
}

/** What a push says besides its mutations: who sends it, and what waits on the phone (`queue`). */
export interface PushEnvelope {
  deviceId: string
  batchId: string
  pending: number
  attention?: number
  oldestUnsentAt?: string | null
  appVersion?: string
  /** The phone's clock as the body is sent (taken at each sending, a retry's too). */
  sentAt?: string
}

/** The push body of a batch. */
export function pushBody(envelope: PushEnvelope, entries: readonly OutboxEntry[]): PushRequest {
  const { deviceId, batchId, pending, attention, oldestUnsentAt, appVersion, sentAt } = envelope
  return {
    deviceId,
    batchId,
    queue: {
      pending,
      ...(attention === undefined ? {} : { attention }),
      ...(oldestUnsentAt === undefined ? {} : { oldestUnsentAt }),
    },
    ...(appVersion ? { appVersion } : {}),
    ...(sentAt ? { sentAt } : {}),
    mutations: entries.map(toMutation),
  }
}

/**
 * The longest run of `entries`, from the first, whose push body stays within the limits;
 * always at least one entry (one that alone is too large is for the server to refuse).
 */
export function planBatch(
  entries: readonly OutboxEntry[],
  envelope: { deviceId: string; batchId: string; appVersion?: string },
  limits: BatchLimits = PROTOCOL_LIMITS,
): OutboxEntry[] {
  // the widest queue the body could carry, so that the real one never adds bytes
  let bytes = jsonBytes(pushBody({ ...envelope, ...WIDEST_QUEUE }, []))
  const batch: OutboxEntry[] = []
  for (const entry of entries) {
    if (batch.length >= limits.maxMutations) break
    const added = jsonBytes(toMutation(entry)) + (batch.length > 0 ? 1 : 0) // the comma
    if (batch.length > 0 && bytes + added > limits.maxBytes) break
    batch.push(entry)
    bytes += added
  }
  return batch
}

/** The two halves of a batch the server found too large. */
export function splitInHalves<T>(entries: readonly T[]): [T[], T[]] {
  const middle = Math.ceil(entries.length / 2)
  return [entries.slice(0, middle), entries.slice(middle)]
}
