/**
 * Encryption at rest for the data layer: each value (a record's data, an outbox entry's
 * data, a draft) is sealed with the in-memory data key (record-cipher.ts) before it goes
 * into a transaction, and opened after the read. An unprotected database (no keySource:
 * tests and tools only) keeps values in clear.
 */
import { decryptJson, encryptJson, type Sealed } from '@/shared/crypto/record-cipher'
import type { VaultKeys } from '@/shared/crypto/vault'
import type { RelaisDb } from './db'

/** The database is protected and its keys are not in memory: unlock first. */
export class LockedError extends Error {
  override readonly name = 'LockedError'
  constructor() {
    super('Locked')
  }
}

/** The keys to use; null for an unprotected database; throws LockedError when locked. */
export function keysOf(db: RelaisDb): VaultKeys | null {
  if (!db.keySource) return null
  const keys = db.keySource()
  if (!keys) throw new LockedError()
  return keys
}

/** Whether the database can read and write values now. */
export function isReadable(db: RelaisDb): boolean {
  return !db.keySource || db.keySource() !== null
}

/** `{ enc }` in a protected database, `{ [plainField]: value }` in an unprotected one. */
export async function seal<K extends string>(
  db: RelaisDb,
  aad: string,
  value: unknown,
  plainField: K,
): Promise<{ enc: Sealed } | Record<K, unknown>> {
  return sealWith(keysOf(db)?.dataKey ?? null, aad, value, plainField)
}

/** seal() with the data key itself (null: unprotected), where there is no database (a worker). */
export async function sealWith<K extends string>(
  dataKey: CryptoKey | null,
  aad: string,
  value: unknown,
  plainField: K,
): Promise<{ enc: Sealed } | Record<K, unknown>> {
  if (!dataKey) return { [plainField]: value } as Record<K, unknown>
  return { enc: await encryptJson(dataKey, aad, value) }
}

/** Opens what seal() stored. */
export async function open<T>(db: RelaisDb, aad: string, row: { enc?: Sealed }, plain: unknown): Promise<T> {
  const keys = keysOf(db)
  if (!keys || !row.enc) return plain as T
  return decryptJson<T>(keys.dataKey, aad, row.enc)
}
