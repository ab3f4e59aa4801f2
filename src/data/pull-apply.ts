/**
 * Stores pulled changes and the pull cursor in one transaction, cursor last: a crash
 * in between leaves the old cursor, and the next pull sends the same changes again.
 * A record with local changes not yet accepted (pending or rejected) is left alone;
 * the device's own version reaches the server and comes back merged. Nothing pulled is
 * dropped past the cursor: a version this app cannot use yet is held (held-changes.ts).
 */
import type { PulledChange } from '@/shared/schemas/sync'
import { allRecordTables, recordTable, type RelaisDb } from './db'
import { dropHeld, heldVersion, sealHeld, type HeldChangeRow } from './held-changes'
import { keysOf } from './protect'
import { encodePayload, type RecordPayload, type RecordRow } from './records'
import { decodeServerVersion, isEntity } from './server-version'

const CURSOR_KEY = 'syncCursor'

export interface PullSummary {
  stored: number
  deleted: number
  /** Kept local: the record has changes of its own waiting. */
  skipped: number
  /** Not usable by this version (unknown entity, data it cannot read): kept aside, not dropped. */
  held: number
}

/** A pulled change, parsed and sealed before the transaction. */
export type PreparedChange =
  | { change: PulledChange; kind: 'delete' }
  | { change: PulledChange; kind: 'store'; payload: RecordPayload }
  | { change: PulledChange; kind: 'hold'; held: HeldChangeRow }

export async function getPullCursor(db: RelaisDb): Promise<string | undefined> {
  const row = await db.meta.get(CURSOR_KEY)
  return typeof row?.value === 'string' ? row.value : undefined
}

/** Parses and seals a change (WebCrypto inside a transaction would commit it early). */
/**
 * Forgets the cursor: the next pull starts from the beginning. For a cursor the server
 * no longer recognises (a database restored from a backup); pulling everything again is
 * safe, since a change at or below a record's stored rev changes nothing.
 */
export async function resetPullCursor(db: RelaisDb): Promise<void> {
  await db.meta.delete(CURSOR_KEY)
}

export async function prepareChange(db: RelaisDb, change: PulledChange): Promise<PreparedChange> {
  if (change.deleted) return { change, kind: 'delete' }
  const version = decodeServerVersion(change.entity, change.recordId, change.data)
  if (!version.usable) return { change, kind: 'hold', held: await sealHeld(db, change, version.reason) }
  return {
    change,
    kind: 'store',
    payload: await encodePayload(db, version.entity, version.data, version.unknownFields),
  }
}

/** Applies one page of pulled changes, then stores its cursor. */
export async function applyPulledChanges(
  db: RelaisDb,
  changes: readonly PulledChange[],
  cursor: string,
): Promise<PullSummary> {
  const summary: PullSummary = { stored: 0, deleted: 0, skipped: 0, held: 0 }
  keysOf(db) // pulled changes are stored only while unlocked: throws LockedError otherwise
  const prepared: PreparedChange[] = []
  for (const change of changes) prepared.push(await prepareChange(db, change))
  await db.transaction('rw', [db.meta, db.outbox, db.heldChanges, ...allRecordTables(db)], async () => {
    for (const item of prepared) {
      const outcome = await applyPrepared(db, item)
      if (outcome !== 'unchanged') summary[outcome] += 1
    }
    await db.meta.put({ key: CURSOR_KEY, value: cursor })
  })
  return summary
}

type ApplyOutcome = keyof PullSummary | 'unchanged'

/** Applies one prepared change; inside a transaction on the outbox, held and record tables. */
async function applyPrepared(db: RelaisDb, item: PreparedChange): Promise<ApplyOutcome> {
  const { change } = item
  const held = await heldVersion(db, change.entity, change.recordId)
  if (item.kind === 'delete' && held) await dropHeld(db, change.entity, change.recordId)
  if (!isEntity(change.entity)) {
    if (item.kind !== 'hold') return item.kind === 'delete' && held ? 'deleted' : 'unchanged'
    if (held && held.rev >= change.rev) return 'unchanged' // already holds it (or newer)
    await db.heldChanges.put(item.held)
    return 'held'
  }
  const table = recordTable(db, change.entity)
  const row = await table.get(change.recordId)
  if (await hasLocalChanges(db, change.recordId, row)) return 'skipped'
  if (item.kind === 'delete') {
    if (!row) return held ? 'deleted' : 'unchanged'
    await table.delete(change.recordId)
    return 'deleted'
  }
  if (row && row.syncedRev >= change.rev) return 'unchanged' // already have it (or newer)
  if (held && held.rev > change.rev) return 'unchanged' // a newer version waits, held
  if (item.kind === 'hold') {
    await db.heldChanges.put(item.held)
    return 'held'
  }
  const next: RecordRow = {
    id: change.recordId,
    entity: change.entity,
    ...item.payload,
    syncedRev: change.rev,
    state: 'sent',
    localUpdatedAt: updatedAtOf(change),
  }
  await table.put(next as RecordRow<typeof change.entity>)
  if (held) await dropHeld(db, change.entity, change.recordId)
  return 'stored'
}

/**
 * Whether the record has changes of its own not yet accepted (pending, rejected, or an
 * outbox entry): a server version is not stored over them. Inside a transaction.
 */
export async function hasLocalChanges(db: RelaisDb, recordId: string, row: RecordRow | undefined): Promise<boolean> {
  if (row && (row.state === 'pending' || row.state === 'rejected')) return true
  return (await db.outbox.where('recordId').equals(recordId).count()) > 0
}

function updatedAtOf(change: PulledChange): string {
  const at = (change.data as { updatedAt?: unknown } | undefined)?.updatedAt
  return typeof at === 'string' ? at : new Date(0).toISOString()
}
