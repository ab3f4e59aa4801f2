/**
 * Rule 5 for a change based on an older rev that others changed since. This is the
 * seam for the three-way merge (next issue): compare `changedFields` with the fields
 * changed on the server since `base`, merge when they don't overlap, validate the
 * merged record again, and answer `merged`. Until then every such change is a conflict.
 */
import type { Entity } from '../../shared/schemas/entities'
import type { RecordData, StoredRecord, VersionAuthor } from './records'

export interface StaleChange {
  entity: Entity
  current: StoredRecord
  /** The versions written since the change's baseRev, oldest first. */
  since: VersionAuthor[]
  incoming: { op: 'upsert' | 'delete'; data: RecordData | null; changedFields: string[] | undefined }
}

export type StaleOutcome = { status: 'conflict' } | { status: 'merged'; data: RecordData }

export function resolveStale(_change: StaleChange): StaleOutcome {
  return { status: 'conflict' }
}
