/**
 * Deleting a record is a change like any other: the row leaves this phone (its drafts
 * too) and a `delete` mutation joins the outbox behind the record's earlier changes, so
 * that the server applies them in order (sync-protocol.md: a create and its delete may
 * even share a batch).
 */
import type { Entity } from '@/shared/schemas/entities'
import { newId } from '@/shared/ids'
import { recordTable, type RelaisDb } from './db'
import { clearRecordDrafts } from './drafts'
import type { OutboxEntry } from './outbox-entry'

/**
 * Deletes a record here and queues its deletion; false when the phone does not hold it.
 * A record the server never accepted (never acknowledged, every version refused and
 * parked) leaves with its parked entries and nothing is sent: the server would answer a
 * delete of a record it does not hold `unavailable`.
 */
export async function deleteRecord(db: RelaisDb, entity: Entity, id: string, now: Date = new Date()): Promise<boolean> {
  const table = recordTable(db, entity)
  const mutationId = newId()
  const at = now.toISOString()
  return db.transaction('rw', [table, db.outbox, db.drafts], async () => {
    const row = await table.get(id)
    if (!row) return false
    const entries = await db.outbox.where('recordId').equals(id).toArray()
    await table.delete(id)
    await clearRecordDrafts(db, [id])
    // a queued or sealed version may be on its way (or already there): the delete must follow it
    if (row.syncedRev === 0 && entries.every((e) => e.status === 'parked')) {
      await db.outbox.bulkDelete(entries.flatMap((e) => (e.seq === undefined ? [] : [e.seq])))
      return true
    }
    const entry: OutboxEntry = {
      mutationId,
      entity,
      recordId: id,
      op: 'delete',
      baseRev: row.syncedRev,
      changedFields: [],
      at,
      by: db.userId,
      status: 'queued',
    }
    await db.outbox.add(entry)
    return true
  })
}
