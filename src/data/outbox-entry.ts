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

/** The protocol mutation an entry is sent as (local bookkeeping stripped). */
export function toMutation(entry: OutboxEntry): Mutation {
  const { mutationId, entity, recordId, op, baseRev, data, changedFields, at, by } = entry
  return {
    mutationId,
    entity,
    recordId,
    op,
    baseRev,
    ...(data ? { data } : {}),
    changedFields,
    at,
    ...(by ? { by } : {}),
  }
}
