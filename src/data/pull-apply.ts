/**
 * Stores pulled changes and the pull cursor in one transaction, cursor last: a crash
 * in between leaves the old cursor, and the next pull sends the same changes again.
 * A record with local changes not yet accepted (pending or rejected) is left alone;
 * the device's own version reaches the server and comes back merged.
 */
import { entityDataSchemas } from '@/shared/schemas/entities'
import type { Change } from '@/shared/schemas/sync'
import { allRecordTables, recordTable, type RelaisDb } from './db'
import { keysOf } from './protect'
import { encodePayload, type RecordPayload, type RecordRow } from './records'

const CURSOR_KEY = 'syncCursor'

export interface PullSummary {
  stored: number
  deleted: number
  /** Kept local: the record has changes of its own waiting. */
  skipped: number
  /** Data that failed the schema: not stored. */
  invalid: number
}

export async function getPullCursor(db: RelaisDb): Promise<string | undefined> {
  const row = await db.meta.get(CURSOR_KEY)
  return typeof row?.value === 'string' ? row.value : undefined
}

/** Applies one page of pulled changes, then stores its cursor. */
export async function applyPulledChanges(
  db: RelaisDb,
  changes: readonly Change[],
  cursor: string,
): Promise<PullSummary> {
  const summary: PullSummary = { stored: 0, deleted: 0, skipped: 0, invalid: 0 }
  keysOf(db) // pulled changes are stored only while unlocked: throws LockedError otherwise
  // parse and encrypt before the transaction (awaiting WebCrypto inside one commits it)
  const payloads = new Map<Change, RecordPayload | null>()
  for (const change of changes) {
    if (change.deleted) continue
    const parsed = entityDataSchemas[change.entity].safeParse(change.data)
    const ok = parsed.success && parsed.data.id === change.recordId
    payloads.set(change, ok ? await encodePayload(db, change.entity, parsed.data) : null)
  }
  await db.transaction('rw', [db.meta, db.outbox, ...allRecordTables(db)], async () => {
    for (const change of changes) {
      const table = recordTable(db, change.entity)
      const row = await table.get(change.recordId)
      if (
        (row && (row.state === 'pending' || row.state === 'rejected')) ||
        (await hasOutboxEntry(db, change.recordId))
      ) {
        summary.skipped += 1
        continue
      }
      if (change.deleted) {
        if (row) {
          await table.delete(change.recordId)
          summary.deleted += 1
        }
        continue
      }
      if (row && row.syncedRev >= change.rev) continue // already have it (or newer)
      const payload = payloads.get(change)
      if (!payload) {
        summary.invalid += 1
        continue
      }
      const next: RecordRow = {
        id: change.recordId,
        entity: change.entity,
        ...payload,
        syncedRev: change.rev,
        state: 'sent',
        localUpdatedAt: updatedAtOf(change),
      }
      await table.put(next as RecordRow<typeof change.entity>)
      summary.stored += 1
    }
    await db.meta.put({ key: CURSOR_KEY, value: cursor })
  })
  return summary
}

async function hasOutboxEntry(db: RelaisDb, recordId: string): Promise<boolean> {
  return (await db.outbox.where('recordId').equals(recordId).count()) > 0
}

function updatedAtOf(change: Change): string {
  const at = (change.data as { updatedAt?: unknown } | undefined)?.updatedAt
  return typeof at === 'string' ? at : new Date(0).toISOString()
}
