/**
 * Held changes: versions the server sent that this version of the app cannot use yet (an
 * entity it does not know, data that breaks its rules or limits; server-version.ts).
 * They are never dropped: each is kept, sealed like a record, until a later version of
 * the same record replaces it, a deletion removes it, or an update of the app can read
 * it (retried at unlock, retry-held.ts). The pull cursor moves on past them.
 */
import type { Sealed } from '@/shared/crypto/record-cipher'
import type { RelaisDb } from './db'
import { keysOf, open, sealWith } from './protect'

export type HeldReason = 'unknown_entity' | 'invalid'

export interface HeldChangeRow {
  entity: string
  recordId: string
  /** The server's rev of this version: a later one replaces it. */
  rev: number
  reason: HeldReason
  heldAt: string
  /** The change's `data`: plain only in an unprotected database; else `enc`, AAD `held:<entity>:<recordId>:<rev>`. */
  data?: unknown
  enc?: Sealed
}

/** A version the server sent: a pulled change, or the data of a push answer. */
export interface ServerChange {
  entity: string
  recordId: string
  rev: number
  data?: unknown
}

const heldAad = (row: { entity: string; recordId: string; rev: number }) =>
  `held:${row.entity}:${row.recordId}:${row.rev}`

/** Seals a change to hold; call before a transaction (WebCrypto inside one commits it). */
export async function sealHeld(db: RelaisDb, change: ServerChange, reason: HeldReason): Promise<HeldChangeRow> {
  return sealHeldWith(keysOf(db)?.dataKey ?? null, change, reason)
}

/** sealHeld() with the data key itself (null: unprotected), where there is no database (a worker). */
export async function sealHeldWith(
  dataKey: CryptoKey | null,
  change: ServerChange,
  reason: HeldReason,
): Promise<HeldChangeRow> {
  const { entity, recordId, rev } = change
  const sealed = await sealWith(dataKey, heldAad(change), change.data ?? null, 'data')
  return { entity, recordId, rev, reason, heldAt: new Date().toISOString(), ...sealed }
}

/** The held change, opened (throws LockedError while locked). */
export async function openHeld(db: RelaisDb, row: HeldChangeRow): Promise<ServerChange> {
  const data = await open<unknown>(db, heldAad(row), row, row.data)
  return { entity: row.entity, recordId: row.recordId, rev: row.rev, data }
}

/** The held version of a record, if any; call inside a transaction on `heldChanges`. */
export function heldVersion(db: RelaisDb, entity: string, recordId: string): Promise<HeldChangeRow | undefined> {
  return db.heldChanges.get([entity, recordId])
}

export function dropHeld(db: RelaisDb, entity: string, recordId: string): Promise<void> {
  return db.heldChanges.delete([entity, recordId])
}

/** Held changes waiting for an update of the app. */
export async function heldCount(db: RelaisDb): Promise<number> {
  return db.heldChanges.count()
}

export async function listHeld(db: RelaisDb): Promise<HeldChangeRow[]> {
  return db.heldChanges.toArray()
}
