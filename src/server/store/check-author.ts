/**
 * The author of a case's record (shared/record-authors.ts), checked on the version a
 * push or a conflict's resolution would write: a record new to the server names its
 * sender; an edit names the author the server holds, whatever it is (a record stored
 * before the rule keeps the author it had, and takes the edits that leave it alone). A
 * record deleted on the server may come back (a stale edit, a conflict's side) naming
 * the author of its last version, or its sender.
 */
import type { Entity } from '../../shared/schemas/entities'
import type { FieldError } from '../../shared/schemas/sync'
import { authorErrors, authorField } from '../../shared/record-authors'
import type { ChangeSet } from './change-set'
import type { Trx } from './change-transaction'
import { versionsFrom, type RecordData, type StoredRecord } from './records'

export async function authorCheckErrors(
  trx: Trx,
  changes: ChangeSet,
  entity: Entity,
  data: RecordData | null,
  existing: StoredRecord | undefined,
  senderId: string,
): Promise<FieldError[]> {
  const field = authorField(entity)
  if (data === null || field === undefined) return []
  if (existing?.data) return authorErrors(entity, data, senderId, { author: existing.data[field] })
  if (existing) {
    // the history is in the database once the batch's buffer is
    await changes.flush()
    const history = await versionsFrom(trx, existing.id, 0)
    const last = history.findLast((version) => version.data !== null)
    if (last?.data && data[field] === last.data[field]) return []
  }
  return authorErrors(entity, data, senderId, 'none')
}
