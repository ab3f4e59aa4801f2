/**
 * Records and their history. `records` holds each record's latest version and the
 * `seq` of its last change; `record_versions` keeps every accepted version. Writes go
 * through a ChangeSet (change-set.ts) inside a change transaction.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely, Selectable } from 'kysely'
import type { Entity } from '../../shared/schemas/entities'
import type { Database, RecordsTable } from '../db/schema'

type Db = Kysely<Database>
export type RecordData = Record<string, unknown>

/** The device id of versions the server writes itself. */
export const SERVER_DEVICE_ID = 'relais-server'

export interface StoredRecord {
  id: string
  entity: Entity
  siteCode: string
  rev: number
  deleted: boolean
  data: RecordData | null
  deviceId: string
  userId: string
}

/** One version of a record's history; `data` is null for a delete (a tombstone). */
export interface RecordVersion {
  rev: number
  deviceId: string
  userId: string
  data: RecordData | null
}

export interface NewVersion {
  entity: Entity
  recordId: string
  siteCode: string
  rev: number
  /** null for a delete (a tombstone). */
  data: RecordData | null
  deviceId: string
  userId: string
  mutationId: string
  at: string
  /**
   * The device a pull leaves this version out for, as it holds it already: the writer
   * (`deviceId`) unless said otherwise. The history keeps the writer either way (rule 5).
   */
  heldBy?: string
}

export function parseData(text: string | null): RecordData | null {
  return text === null ? null : (JSON.parse(text) as RecordData)
}

export function toStoredRecord(row: Selectable<RecordsTable>): StoredRecord {
  return {
    id: row.id,
    entity: row.entity,
    siteCode: row.site_code,
    rev: row.rev,
    deleted: row.deleted === 1,
    data: parseData(row.data),
    deviceId: row.device_id,
    userId: row.user_id,
  }
}

export async function getRecord(db: Db, id: string): Promise<StoredRecord | undefined> {
  const row = await db.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirst()
  return row ? toStoredRecord(row) : undefined
}

/** Ids read in one query: well below every database's limit on bound values. */
const IDS_PER_QUERY = 500

/** The stored records among `ids` (in no particular order), read a few hundred ids at a time. */
export async function getRecords(db: Db, ids: readonly string[]): Promise<StoredRecord[]> {
  const records: StoredRecord[] = []
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const chunk = ids.slice(i, i + IDS_PER_QUERY)
    const rows = await db.selectFrom('records').selectAll().where('id', 'in', chunk).execute()
    for (const row of rows) records.push(toStoredRecord(row))
  }
  return records
}

/** The record's versions from `rev` on (that one included), oldest first. */
export async function versionsFrom(db: Db, recordId: string, rev: number): Promise<RecordVersion[]> {
  const rows = await db
    .selectFrom('record_versions')
    .select(['rev', 'device_id', 'user_id', 'data'])
    .where('record_id', '=', recordId)
    .where('rev', '>=', rev)
    .orderBy('rev')
    .execute()
  return rows.map((row) => ({ rev: row.rev, deviceId: row.device_id, userId: row.user_id, data: parseData(row.data) }))
}

/** Keeps an incoming version that could not be applied, for a supervisor to resolve. */
export async function storeConflict(
  db: Db,
  conflict: Omit<NewVersion, 'siteCode' | 'rev'> & {
    op: 'upsert' | 'delete'
    baseRev: number
    currentRev: number
    changedFields: string[] | undefined
    deviceAt: string | undefined
  },
): Promise<void> {
  await db
    .insertInto('conflicts')
    .values({
      id: randomUUID(),
      entity: conflict.entity,
      record_id: conflict.recordId,
      mutation_id: conflict.mutationId,
      op: conflict.op,
      base_rev: conflict.baseRev,
      current_rev: conflict.currentRev,
      data: conflict.data === null ? null : JSON.stringify(conflict.data),
      changed_fields: conflict.changedFields === undefined ? null : JSON.stringify(conflict.changedFields),
      device_id: conflict.deviceId,
      user_id: conflict.userId,
      created_at: conflict.at,
      device_at: conflict.deviceAt ?? null,
    })
    .execute()
}
