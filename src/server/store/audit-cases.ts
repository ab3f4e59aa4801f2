/**
 * The case numbers of the records audit entries name by id (a resolved conflict, a refusal
 * settled, two cases merged or kept apart), so that the audit log can say "case
 * AGZ-7K-0042" where it said a UUID nobody reads. Read when the log is, from the records
 * as they are now: the log itself keeps holding ids only (threat-model.md), and entries
 * written before this also get their numbers. Only the number, never a name: the case
 * number is what a supervisor already finds a case by.
 */
import type { AuditAction } from '../../shared/schemas/audit'
import { uuidSchema } from '../../shared/schemas/common'
import { caseNumberSchema } from '../../shared/schemas/registration'
import type { Db } from '../db/open'
import { getRecords } from './records'

/** Which fields of an entry name records, by action (`target` is the entry's own target). */
const RECORD_FIELDS: Partial<Record<AuditAction, readonly string[]>> = {
  conflict_resolved: ['recordId'],
  rejection_accepted: ['target'],
  rejection_discarded: ['target'],
  cases_merged: ['keepId', 'mergeId'],
  merge_undone: ['keepId', 'mergeId'],
  cases_marked_distinct: ['aId', 'bId'],
  distinct_undone: ['aId', 'bId'],
}

interface Named {
  action: string
  target: string | null
  details: Record<string, unknown> | null
}

/** The record ids `entry` names. */
export function recordIdsOf(entry: Named): string[] {
  const fields = RECORD_FIELDS[entry.action as AuditAction] ?? []
  return fields.flatMap((field) => {
    const value = field === 'target' ? entry.target : entry.details?.[field]
    return uuidSchema.safeParse(value).success ? [value as string] : []
  })
}

/**
 * Record id → the number of the case it is (a registration) or belongs to (through its
 * `registrationId`), for each of `ids` that has one.
 */
export async function caseNumbersOf(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  const records = await getRecords(db, [...new Set(ids)])
  const parentOf = new Map<string, string>()
  for (const record of records) {
    const parent = record.entity === 'registration' ? record.id : record.data?.registrationId
    if (typeof parent === 'string') parentOf.set(record.id, parent)
  }
  const known = new Map(records.map((record) => [record.id, record]))
  const missing = [...new Set(parentOf.values())].filter((id) => !known.has(id))
  for (const record of await getRecords(db, missing)) known.set(record.id, record)
  const numbers = new Map<string, string>()
  for (const [id, parent] of parentOf) {
    const registration = known.get(parent)
    if (registration?.entity !== 'registration') continue
    const number = caseNumberSchema.safeParse(registration.data?.caseNumber)
    if (number.success) numbers.set(id, number.data)
  }
  return numbers
}
