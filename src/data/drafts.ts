/**
 * Never lose typing: a form stores its in-progress values here on every change, and
 * reloads them after a crash, a reload or a dead battery. Values are kept as typed
 * (not validated): a half-filled form is not a record yet. Stored encrypted (AAD
 * `draft:<key>`), like the records.
 *
 * Writes of one draft may overlap (a form's delayed write, then Next's at once): the
 * newest always wins, without one waiting for another.
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

export async function clearDraft(db: RelaisDb, key: string): Promise<void> {
  // a write still being sealed must not bring the draft back after this
  const order = writesOf(db, key)
  order.sent = ++order.begun
  await db.drafts.delete(key)
}
