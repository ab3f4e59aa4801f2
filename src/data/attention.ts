/**
 * Records that need someone to look at them: refused by the server (`rejected`, their
 * upload parked until they are fixed) or changed on the server too (`conflict`). Counted
 * from the rows' clear `state`, without opening any record; listed, opened, for the
 * Needs attention screen, which fixes (a new save: records.ts), discards or hides them.
 */
import { liveQuery } from 'dexie'
import type { Entity, EntityData } from '@/shared/schemas/entities'
import type { Change, FieldError } from '@/shared/schemas/sync'
import { allRecordTables, recordTable, type RelaisDb } from './db'
import { clearRecordDrafts } from './drafts'
import { prepareChange } from './pull-apply'
import { decodeRecord, type RecordRow } from './records'

const NEEDS_ATTENTION = ['rejected', 'conflict'] as const

export async function attentionCount(db: RelaisDb): Promise<number> {
  // the ids of each state, not counts: a live query counting by an index runs again at every
  // write to the table (Dexie cannot tell what a count held), this one only when a record
  // comes to or leaves these states; each state apart, since `anyOf` reads the whole range
  // from 'conflict' to 'rejected', 'pending' within
  const ids = await Promise.all(
    allRecordTables(db).flatMap((table) =>
      NEEDS_ATTENTION.map((state) => table.where('state').equals(state).primaryKeys()),
    ),
  )
  return ids.reduce((sum, keys) => sum + keys.length, 0)
}

/** The shared count as it stands: undefined until first read; `failure` when the last read failed. */
export interface AttentionSnapshot {
  count?: number
  failure?: unknown
}

interface SharedCount {
  snapshot: AttentionSnapshot
  listeners: Set<() => void>
  stop?: () => void
}

const sharedCounts = new WeakMap<RelaisDb, SharedCount>()

function sharedCount(db: RelaisDb): SharedCount {
  let shared = sharedCounts.get(db)
  if (!shared) sharedCounts.set(db, (shared = { snapshot: {}, listeners: new Set() }))
  return shared
}

/**
 * Follows the count live, one read per database however many screens show it (the sync
 * chip, home's tile): every bulk write to a record table (each page of a new phone's
 * pull) makes Dexie read it again, once here rather than once per screen. Calls
 * `listener` at each new snapshot; returns the function that stops following.
 */
export function watchAttentionCount(db: RelaisDb, listener: () => void): () => void {
  const shared = sharedCount(db)
  shared.listeners.add(listener)
  if (!shared.stop) {
    const tell = (snapshot: AttentionSnapshot) => {
      shared.snapshot = snapshot
      for (const each of shared.listeners) each()
    }
    const subscription = liveQuery(() => attentionCount(db)).subscribe({
      next: (count) => tell({ count }),
      error: (failure: unknown) => tell({ ...shared.snapshot, failure }),
    })
    shared.stop = () => subscription.unsubscribe()
  }
  return () => {
    shared.listeners.delete(listener)
    if (shared.listeners.size > 0) return
    shared.stop?.()
    shared.stop = undefined
    shared.snapshot = {} // read afresh by the next screen that follows it
  }
}

/** The count as last read for the screens following it (the same object until it changes). */
export function attentionSnapshot(db: RelaisDb): AttentionSnapshot {
  return sharedCount(db).snapshot
}

export interface AttentionItem<E extends Entity = Entity> {
  entity: E
  recordId: string
  state: (typeof NEEDS_ATTENTION)[number]
  /** The server's reasons, for a refused record. */
  errors: FieldError[]
  /** 0: the server never accepted a version of it (discarding removes it from the phone). */
  syncedRev: number
  data: EntityData[E]
  localUpdatedAt: string
}

/** Every record needing attention, opened, most recently changed first (throws LockedError while locked). */
export async function listAttention(db: RelaisDb): Promise<AttentionItem[]> {
  const rows = (
    await Promise.all(allRecordTables(db).map((table) => table.where('state').anyOf(NEEDS_ATTENTION).toArray()))
  ).flat() as RecordRow[]
  const items = await Promise.all(
    rows.map(async (row): Promise<AttentionItem> => {
      const record = await decodeRecord(db, row)
      return {
        entity: row.entity,
        recordId: row.id,
        state: row.state as AttentionItem['state'],
        errors: row.errors ?? [],
        syncedRev: row.syncedRev,
        data: record.data,
        localUpdatedAt: row.localUpdatedAt,
      }
    }),
  )
  return items.sort((a, b) => b.localUpdatedAt.localeCompare(a.localUpdatedAt))
}

/** `changed`: the record was edited again (or answered) meanwhile, so nothing was dropped. */
export type DiscardOutcome = 'restored' | 'removed' | 'changed'

/**
 * Drops a refused record's parked changes, and puts back `server`, the version the server
 * holds (docs/api.md, Refused records): none, or a deletion, removes the record from the
 * phone. A version this app cannot read is held (held-changes.ts), as a pulled one is.
 */
export async function discardRefused(
  db: RelaisDb,
  entity: Entity,
  recordId: string,
  server: Change | null,
): Promise<DiscardOutcome> {
  // parsed and sealed before the transaction (WebCrypto inside one commits it)
  const prepared = server ? await prepareChange(db, server) : null
  const table = recordTable(db, entity)
  return db.transaction('rw', [table, db.outbox, db.heldChanges, db.drafts], async () => {
    const row = await table.get(recordId)
    const entries = await db.outbox.where('recordId').equals(recordId).toArray()
    // a fix saved since (or an answer that came back) wins over the discard
    if (row?.state !== 'rejected' || entries.some((e) => e.status !== 'parked')) return 'changed'
    await db.outbox.bulkDelete(entries.map((e) => e.seq ?? 0))
    if (!prepared || prepared.kind === 'delete') {
      await table.delete(recordId)
      await clearRecordDrafts(db, [recordId])
      return 'removed'
    }
    if (prepared.kind === 'hold') {
      await table.delete(recordId)
      await db.heldChanges.put(prepared.held)
      await clearRecordDrafts(db, [recordId])
      return 'removed'
    }
    const updatedAt = (prepared.change.data as { updatedAt?: unknown } | undefined)?.updatedAt
    const next: RecordRow = {
      id: recordId,
      entity,
      ...prepared.payload,
      syncedRev: prepared.change.rev,
      state: 'sent',
      localUpdatedAt: typeof updatedAt === 'string' ? updatedAt : new Date().toISOString(),
    }
    await table.put(next as RecordRow<typeof entity>)
    return 'restored'
  })
}

/**
 * Hides a conflict from this phone: it already shows the server's version, and the
 * phone's own waits on the server for a supervisor. A pull of the resolution does the same.
 */
export async function hideConflict(db: RelaisDb, entity: Entity, recordId: string): Promise<boolean> {
  const table = recordTable(db, entity)
  return db.transaction('rw', [table, db.outbox], async () => {
    const row = await table.get(recordId)
    if (row?.state !== 'conflict' || (await db.outbox.where('recordId').equals(recordId).count()) > 0) return false
    await table.update(recordId, { state: 'sent' })
    return true
  })
}
