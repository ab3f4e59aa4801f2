/**
 * The last Numbers view (supervisors, admins), kept so that it can be read offline: one
 * row in `meta`, sealed with the user's data key (AAD `numbers-view`) like records and
 * drafts, never in clear. Each view fetched replaces it. Read back as `unknown`: the
 * screen parses it with its own schema (an older app may have written another shape).
 */
import type { Sealed } from '@/shared/crypto/record-cipher'
import type { RelaisDb } from './db'
import { open, seal } from './protect'

const KEY = 'numbersView'
const AAD = 'numbers-view'

interface KeptRow {
  enc?: Sealed
  /** only in an unprotected database (tests, tools) */
  view?: unknown
}

/** Seals and keeps `view`, replacing the one kept before. */
export async function keepNumbersView(db: RelaisDb, view: unknown): Promise<void> {
  const sealed = await seal(db, AAD, view, 'view')
  await db.meta.put({ key: KEY, value: sealed })
}

/** The view kept on this phone, opened; undefined when none was kept. */
export async function keptNumbersView(db: RelaisDb): Promise<unknown> {
  const row = await db.meta.get(KEY)
  if (!row) return undefined
  const kept = row.value as KeptRow
  return open<unknown>(db, AAD, kept, kept.view)
}
