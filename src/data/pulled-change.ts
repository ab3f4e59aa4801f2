/**
 * A pulled change made ready to store, from the change alone: its data checked with the
 * shared schemas (server-version.ts) and sealed, or held when this version cannot use it.
 * Nothing stored is read here: a pull worker (pull-worker-handler.ts) prepares the next
 * page of a new phone's pull while the page before is written.
 */
import type { EntityData, Entity } from '@/shared/schemas/entities'
import type { PulledChange } from '@/shared/schemas/sync'
import { sealHeldWith, type HeldChangeRow } from './held-changes'
import { sealPayload } from './record-payload'
import type { RecordPayload } from './records'
import { decodeServerVersion } from './server-version'

/** A pulled change, parsed and sealed before the transaction. */
export type PreparedChange =
  | { change: PulledChange; kind: 'delete' }
  | { change: PulledChange; kind: 'store'; payload: RecordPayload; data: EntityData[Entity] }
  | { change: PulledChange; kind: 'hold'; held: HeldChangeRow }

/** Prepares `change` with the data key (null: unprotected); see sealPayload for `retentionDays`. */
export async function prepareChangeWith(
  dataKey: CryptoKey | null,
  retentionDays: number,
  change: PulledChange,
): Promise<PreparedChange> {
  if (change.deleted) return { change, kind: 'delete' }
  const version = decodeServerVersion(change.entity, change.recordId, change.data)
  if (!version.usable) return { change, kind: 'hold', held: await sealHeldWith(dataKey, change, version.reason) }
  return {
    change,
    kind: 'store',
    payload: await sealPayload(dataKey, retentionDays, version.entity, version.data, version.unknownFields),
    data: version.data,
  }
}
