/**
 * Records and their history. `records` holds each record's latest version and the
 * `seq` of its last change; `record_versions` keeps every accepted version.
 */
import { randomUUID } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { Entity } from '../../shared/schemas/entities'
import type { Database } from '../db/schema'

type Db = Kysely<Database>
export type RecordData = Record<string, unknown>

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

export interface VersionAuthor {
  rev: number
  deviceId: string
  userId: string
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
}

export function parseData(text: string | null): RecordData | null {
  return text === null ? null : (JSON.parse(text) as RecordData)
}

export async function getRecord(db: Db, id: string): Promise<StoredRecord | undefined> {
  const row = await db.selectFrom('records').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row) return undefined
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

/** Who wrote each version after `rev`, oldest first. */
export async function authorsSince(db: Db, recordId: string, rev: number): Promise<VersionAuthor[]> {
  const rows = await db
    .selectFrom('record_versions')
    .select(['rev', 'device_id', 'user_id'])
    .where('record_id', '=', recordId)
    .where('rev', '>', rev)
    .orderBy('rev')
    .execute()
  return rows.map((row) => ({ rev: row.rev, deviceId: row.device_id, userId: row.user_id }))
}

/**
 * Writes a new latest version and appends it to the history. Call inside the batch's
 * transaction. SQLite runs one writer at a time, so `max(seq) + 1` is safe here.
 * TODO(PostgreSQL issue): concurrent transactions could take seqs out of commit order,
 * and a pull could step past a seq committed later; allocate seq under a lock (e.g.
 * `pg_advisory_xact_lock`) or hand out a cursor no newer than the oldest open transaction.
 */
export async function writeVersion(db: Db, version: NewVersion): Promise<void> {
  const last = await db.selectFrom('records').select(db.fn.max('seq').as('seq')).executeTakeFirst()
  const seq = Number(last?.seq ?? 0) + 1
  const data = version.data === null ? null : JSON.stringify(version.data)
  const deleted = version.data === null ? 1 : 0
  const latest = {
    entity: version.entity,
    site_code: version.siteCode,
    rev: version.rev,
    deleted,
    data,
    seq,
    device_id: version.deviceId,
    user_id: version.userId,
    updated_at: version.at,
  }
  await db
    .insertInto('records')
    .values({ id: version.recordId, ...latest })
    .onConflict((oc) => oc.column('id').doUpdateSet(latest))
    .execute()
  await db
    .insertInto('record_versions')
    .values({
      record_id: version.recordId,
      rev: version.rev,
      entity: version.entity,
      deleted,
      data,
      device_id: version.deviceId,
      user_id: version.userId,
      mutation_id: version.mutationId,
      server_time: version.at,
    })
    .execute()
}

/** Keeps an incoming version that could not be applied, for a supervisor to resolve. */
export async function storeConflict(
  db: Db,
  conflict: Omit<NewVersion, 'siteCode' | 'rev'> & {
    op: 'upsert' | 'delete'
    baseRev: number
    currentRev: number
    changedFields: string[] | undefined
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
    })
    .execute()
}
