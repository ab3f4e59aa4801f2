/**
 * Never lose typing: a form stores its in-progress values here on every change, and
 * reloads them after a crash, a reload or a dead battery. Values are kept as typed
 * (not validated): a half-filled form is not a record yet.
 */
import type { RelaisDb } from './db'

export async function saveDraft(db: RelaisDb, key: string, values: unknown): Promise<void> {
  await db.drafts.put({ key, values, savedAt: new Date().toISOString() })
}

/** The values last stored under `key`; the caller knows their shape (and should parse them). */
export async function loadDraft<T>(db: RelaisDb, key: string): Promise<T | undefined> {
  const row = await db.drafts.get(key)
  return row?.values as T | undefined
}

export async function clearDraft(db: RelaisDb, key: string): Promise<void> {
  await db.drafts.delete(key)
}
