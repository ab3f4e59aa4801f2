/**
 * Never lose typing: a form stores its in-progress values here on every change, and
 * reloads them after a crash, a reload or a dead battery. Values are kept as typed
 * (not validated): a half-filled form is not a record yet. Stored encrypted (AAD
 * `draft:<key>`), like the records.
 */
import type { RelaisDb } from './db'
import { open, seal } from './protect'

const aad = (key: string) => `draft:${key}`

export async function saveDraft(db: RelaisDb, key: string, values: unknown): Promise<void> {
  const stored = await seal(db, aad(key), values, 'values')
  await db.drafts.put({ key, ...stored, savedAt: new Date().toISOString() })
}

/** The values last stored under `key`; the caller knows their shape (and should parse them). */
export async function loadDraft<T>(db: RelaisDb, key: string): Promise<T | undefined> {
  const row = await db.drafts.get(key)
  if (!row) return undefined
  return open<T>(db, aad(key), row, row.values)
}

export async function clearDraft(db: RelaisDb, key: string): Promise<void> {
  await db.drafts.delete(key)
}
