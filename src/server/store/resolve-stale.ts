/**
 * Rule 5 for a change based on an older rev that others changed since: a three-way
 * merge by top-level field against the version at `baseRev`.
 *
 * The server's side is what the others changed: for each version since the base that
 * is not the device's own, the fields it changed against the version before it. The
 * device's own versions are already inside the incoming data and never count. The
 * device's side is `changedFields` (or, when absent, every field that differs from the
 * base). No overlap: the merge is the server's record with the incoming values of the
 * device's fields, checked again with the entity's schema. `createdAt` and `updatedAt`
 * are metadata: they never conflict, and the merge takes the later `updatedAt`.
 */
import { entityDataSchemas, type Entity } from '../../shared/schemas/entities'
import type { RecordData, RecordVersion, StoredRecord } from './records'

export interface StaleChange {
  entity: Entity
  current: StoredRecord
  /** The version at the change's baseRev, if the history has it. */
  base: RecordVersion | undefined
  /** The versions written since baseRev, oldest first. */
  since: RecordVersion[]
  /** Whether a version is the pushing device's (and user's) own. */
  isOwn: (version: RecordVersion) => boolean
  incoming: { op: 'upsert' | 'delete'; data: RecordData | null; changedFields: string[] | undefined }
}

export type StaleOutcome = { status: 'conflict' } | { status: 'merged'; data: RecordData }

const METADATA = new Set(['createdAt', 'updatedAt'])
const CONFLICT: StaleOutcome = { status: 'conflict' }

export function resolveStale({ entity, current, base, since, isOwn, incoming }: StaleChange): StaleOutcome {
  // a stale delete of a record others changed, or an edit of a record deleted since (or before)
  if (incoming.op === 'delete' || incoming.data === null) return CONFLICT
  if (base?.data == null || current.data === null) return CONFLICT

  const changedOnServer = new Set<string>()
  let previous: RecordData = base.data
  for (const version of since) {
    if (version.data === null) {
      if (!isOwn(version)) return CONFLICT
    } else if (!isOwn(version)) {
      for (const field of differingFields(previous, version.data)) changedOnServer.add(field)
    }
    previous = version.data ?? {}
  }

  const incomingData = incoming.data
  const changedHere = (incoming.changedFields ?? differingFields(base.data, incomingData)).filter(
    (field) => !METADATA.has(field),
  )
  if (changedHere.some((field) => changedOnServer.has(field))) return CONFLICT

  const merged: RecordData = { ...current.data }
  for (const field of changedHere) {
    if (Object.hasOwn(incomingData, field)) merged[field] = incomingData[field]
    else delete merged[field]
  }
  merged.updatedAt = later(current.data.updatedAt, incomingData.updatedAt)
  return entityDataSchemas[entity].safeParse(merged).success ? { status: 'merged', data: merged } : CONFLICT
}

/** Top-level fields whose values differ (added, changed or removed). */
export function differingFields(before: RecordData, after: RecordData): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  return [...keys].filter((key) => !sameValue(before[key], after[key]))
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  if (ka.length !== kb.length) return false
  return ka.every((key) => sameValue((a as RecordData)[key], (b as RecordData)[key]))
}

function later(a: unknown, b: unknown): unknown {
  if (typeof a !== 'string') return b
  if (typeof b !== 'string') return a
  return Date.parse(b) > Date.parse(a) ? b : a
}
