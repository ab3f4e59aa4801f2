/**
 * The records of an entity changed most recently on this phone, at most `limit` of them:
 * for suggestions (the usual routes of a flow monitoring point) without opening every
 * record a phone holds.
 */
import type { Entity } from '@/shared/schemas/entities'
import { recordTable, type RelaisDb } from './db'
import { decodeRecord, type LocalRecord } from './records'

export async function recentRecords<E extends Entity>(
  db: RelaisDb,
  entity: E,
  limit: number,
): Promise<LocalRecord<E>[]> {
  const rows = await recordTable(db, entity).orderBy('localUpdatedAt').reverse().limit(limit).toArray()
  return Promise.all(rows.map((row) => decodeRecord(db, row)))
}
