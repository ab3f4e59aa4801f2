/**
 * The shape of an outbox entry: one saved change waiting for the server's answer. Plain,
 * serialisable data only (no closures): it must survive a reload, and later sealing.
 */
import type { Entity } from '@/shared/schemas/entities'
import type { Sealed } from '@/shared/crypto/record-cipher'
import type { FieldError, Mutation } from '@/shared/schemas/sync'

/**
 * `queued`: waiting to be sent (or re-sent). `parked`: rejected, kept, not resent
 * unchanged. `sealed`: sealed at lock into the batch `sealedBatchId`, which uploads as is.
 */
export type OutboxStatus = 'queued' | 'parked' | 'sealed'

export interface OutboxEntry {
  /** Save order; assigned by IndexedDB. */
  seq?: number
  mutationId: string
  entity: Entity
  recordId: string
  op: 'upsert' | 'delete'
  baseRev: number
  /** Plain only in an unprotected database (tests, tools), or once opened for a push. */
  data?: Record<string, unknown>
  /** The data, AES-256-GCM under the data key, AAD = mutationId. */
  enc?: Sealed
  changedFields: string[]
  at: string
  by?: string
  status: OutboxStatus
  /** Set before the entry is first sent: a retry resends the same entries under the same id. */
  batchId?: string
  /** The sealed batch this entry went into at lock. */
  sealedBatchId?: string
  /** The server's field errors, for a parked entry. */
  errors?: FieldError[]
}

/**
 * The protocol mutation an entry is sent as (local bookkeeping stripped), without what
 * the server already has (each would cost bytes on every record over 2G):
 * - a change based on rev 0 (a record the server never acknowledged) goes without
 *   `changedFields`: every field is new, the server has no base to merge against, and the
 *   list would be a tenth of a new record's bytes on the wire;
 * - `at` goes only when it is not the record's own `updatedAt` (a save sets both to the
 *   same time; the server takes `updatedAt` in its place: docs/sync-protocol.md);
 * - `by` never goes: the server records the signed-in user as the author.
 */
export function toMutation(entry: OutboxEntry): Mutation {
  const { mutationId, entity, recordId, op, baseRev, data, changedFields, at } = entry
  return {
    mutationId,
    entity,
    recordId,
    op,
    baseRev,
    ...(data ? { data } : {}),
    ...(baseRev === 0 && op === 'upsert' ? {} : { changedFields }),
    ...(data?.updatedAt === at ? {} : { at }),
  }
}
