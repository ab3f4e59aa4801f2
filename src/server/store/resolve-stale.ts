/**
 * Rule 5 for a change based on an older rev that others changed since: a three-way
 * merge by top-level field against the version at `baseRev`.
 *
 * The server's side is what the others changed: for each version since the base that
 * is not the device's own, the fields it changed against the version before it. The
 * device's own versions are already inside the incoming data and never count. The
 * device's side is `changedFields`, trusted for what it names but not for what it
 * leaves out, with every field where the incoming data differs both from what the device
 * last had on the server (the base, with the fields its own versions since changed: a
 * merged version of its own also holds what others changed, which the device never had)
 * and from the server's current value. A device that names too few fields, or none,
 * loses none of its changes. No overlap: the merge is the server's record with the
 * incoming values of the device's fields, checked again with the entity's schema.
 * `createdAt` and `updatedAt` are metadata: they never conflict, and the merge takes
 * the later `updatedAt`.
 */
import { entityDataSchemas, type Entity } from '../../shared/schemas/entities'
import { NEUTRAL_TEXT } from './case-file'
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

  const history = sinceBase(base.data, since, isOwn)
  if (!history) return CONFLICT
  const incomingData = incoming.data
  const changedHere = deviceChanges(incoming.changedFields, history.deviceHad, incomingData, current.data)
  if (changedHere.some((field) => history.changedOnServer.has(field))) return CONFLICT
  if (rewritesBlankedText(changedHere, history.deviceHad, incomingData)) return CONFLICT

  const merged: RecordData = { ...current.data }
  for (const field of changedHere) {
    if (Object.hasOwn(incomingData, field)) merged[field] = incomingData[field]
    else delete merged[field]
  }
  merged.updatedAt = later(current.data.updatedAt, incomingData.updatedAt)
  if (reidentifies(current.data, merged)) return CONFLICT
  return entityDataSchemas[entity].safeParse(merged).success ? { status: 'merged', data: merged } : CONFLICT
}

/**
 * A merge never gives an anonymous case its person back. A withdrawal of consent takes
 * the personal data out of every past version too (case-file.ts), the base included, so a
 * phone that had not heard of it seems to have added them all: only an edit of the
 * current version may record a new consent, never a merge.
 */
function reidentifies(current: RecordData, merged: RecordData): boolean {
  return current.consentProcessing === false && merged.consentProcessing !== false
}

/**
 * A merge never writes again the free text a withdrawal of consent blanked (case-file.ts),
 * even when the device names the field: the withdrawal blanked the base too, so the
 * server seems not to have changed it, and a phone that had not heard of the withdrawal
 * would put back a note that may name the person. A supervisor decides, and the
 * conflict keeps no such text (conflictData).
 */
function rewritesBlankedText(fields: readonly string[], deviceHad: RecordData, incoming: RecordData): boolean {
  return fields.some((field) => deviceHad[field] === NEUTRAL_TEXT && incoming[field] !== NEUTRAL_TEXT)
}

/**
 * What the others changed since the base, and what the device last had on the server:
 * the base with the fields its own versions changed. Undefined when someone else deleted
 * the record.
 */
function sinceBase(
  base: RecordData,
  since: RecordVersion[],
  isOwn: (version: RecordVersion) => boolean,
): { changedOnServer: Set<string>; deviceHad: RecordData } | undefined {
  const changedOnServer = new Set<string>()
  const deviceHad: RecordData = { ...base }
  let previous = base
  for (const version of since) {
    if (version.data === null && !isOwn(version)) return undefined
    const data = version.data ?? {}
    for (const field of differingFields(previous, data)) {
      if (!isOwn(version)) changedOnServer.add(field)
      else if (Object.hasOwn(data, field)) deviceHad[field] = data[field]
      else delete deviceHad[field]
    }
    previous = data
  }
  return { changedOnServer, deviceHad }
}

/**
 * The device's fields. An unnamed field whose value the server already holds is not one:
 * leaving it out loses nothing, and a version stored before a default was added differs
 * from the device's data in it without anyone changing it. Nor is an unnamed field the
 * withdrawal of consent blanked in the whole history (free text that may name the person,
 * case-file.ts): the device did not type it again, it had it from before.
 */
function deviceChanges(
  claimed: string[] | undefined,
  deviceHad: RecordData,
  incoming: RecordData,
  current: RecordData,
): string[] {
  const unnamed = differingFields(deviceHad, incoming).filter(
    (field) => !sameValue(incoming[field], current[field]) && deviceHad[field] !== NEUTRAL_TEXT,
  )
  return [...new Set([...(claimed ?? []), ...unnamed])].filter((field) => !METADATA.has(field))
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
