/**
 * Never lose typing: a form stores its in-progress values here on every change, and
 * reloads them after a crash, a reload or a dead battery. Values are kept as typed
 * (not validated): a half-filled form is not a record yet. Stored encrypted (AAD
 * `draft:<key>`), like the records.
 *
 * Writes of one draft may overlap (a form's delayed write, then Next's at once): the
 * newest always wins, without one waiting for another.
 *
 * A draft of a record names it at the end of its key (`registration:edit:<id>`): when the
 * record leaves the phone, however it goes, its drafts go with it (clearRecordDrafts).
 */
import type { RelaisDb } from './db'
import { open, seal } from './protect'

const aad = (key: string) => `draft:${key}`

/** Per database and draft: the number of the last write begun, and of the last one sent to IndexedDB. */
const writes = new WeakMap<RelaisDb, Map<string, { begun: number; sent: number }>>()

function writesOf(db: RelaisDb, key: string): { begun: number; sent: number } {
  let byKey = writes.get(db)
  if (!byKey) writes.set(db, (byKey = new Map()))
  let order = byKey.get(key)
  if (!order) byKey.set(key, (order = { begun: 0, sent: 0 }))
  return order
}

export async function saveDraft(db: RelaisDb, key: string, values: unknown): Promise<void> {
  const order = writesOf(db, key)
  const n = ++order.begun
  const stored = await seal(db, aad(key), values, 'values')
  // IndexedDB runs the write transactions of a table in the order they are opened: once
  // a newer write (or a clear) is on its way, this older one would only undo it
  if (order.sent > n) return
  order.sent = n
  await db.drafts.put({ key, ...stored, savedAt: new Date().toISOString() })
}

/** The values last stored under `key`; the caller knows their shape (and should parse them). */
export async function loadDraft<T>(db: RelaisDb, key: string): Promise<T | undefined> {
  const row = await db.drafts.get(key)
  if (!row) return undefined
  return open<T>(db, aad(key), row, row.values)
}

/** When each draft of `keys` was last stored (undefined for one not kept), in the order given; nothing is opened. */
export async function draftsSavedAt(db: RelaisDb, keys: readonly string[]): Promise<(string | undefined)[]> {
  const rows = await db.drafts.bulkGet([...keys])
  return rows.map((row) => row?.savedAt)
}

export async function clearDraft(db: RelaisDb, key: string): Promise<void> {
  stopWrites(db, key)
  await db.drafts.delete(key)
}

/**
 * Removes the drafts of records that left the phone (a pull's deletion, the lost-site
 * sweep, the retention purge, work accepted elsewhere, a discard, a deletion): sealed
 * personal data nobody can use any more. Runs in the caller's transaction when it holds
 * `db.drafts`. Answers how many drafts went.
 */
export async function clearRecordDrafts(db: RelaisDb, recordIds: Iterable<string>): Promise<number> {
  const ids = new Set(recordIds)
  if (ids.size === 0) return 0
  const keys = (await db.drafts.toCollection().primaryKeys()).filter((key) => ids.has(draftRecordId(key)))
  if (keys.length === 0) return 0
  for (const key of keys) stopWrites(db, key)
  await db.drafts.bulkDelete(keys)
  return keys.length
}

/** The record a draft's key names at its end (`registration:edit:<id>`; a new record's draft names none). */
function draftRecordId(key: string): string {
  return key.slice(key.lastIndexOf(':') + 1)
}

/** A write of `key` still being sealed must not bring the draft back after it is removed. */
function stopWrites(db: RelaisDb, key: string): void {
  const order = writesOf(db, key)
  order.sent = ++order.begun
}
