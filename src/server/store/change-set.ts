/**
 * The writes of one change transaction, buffered and sent in a few multi-row
 * statements at the end: the records' latest versions (upserted), their history
 * (appended) and the answered mutations (bulk-insert.ts). Seqs come from `max(seq)`, read once under
 * the change lock (change-transaction.ts), so they are unique and in commit order.
 * Reads of this transaction's records go through the cache, which already holds
 * the buffered versions; flush() before reading the history from the database.
 */
import type { Database as SqliteHandle } from 'better-sqlite3'
import type { Insertable } from 'kysely'
import { sqliteHandle, type Db } from '../db/open'
import type { MutationsTable, RecordsTable, RecordVersionsTable } from '../db/schema'
import { bulkInsert } from './bulk-insert'
import type { Trx } from './change-transaction'
import { getRecords, type NewVersion, type StoredRecord } from './records'

/** Record ids per lookup. */
const CHUNK = 500

/** JSON texts of record data made before a transaction (serializeAhead), by the data object. */
const serialized = new WeakMap<object, string>()

/** Serialises a record's data now, so that writing it inside a change transaction costs nothing. */
export function serializeAhead(data: object): void {
  serialized.set(data, JSON.stringify(data))
}

export class ChangeSet {
  private readonly cache = new Map<string, StoredRecord | null>()
  private latest = new Map<string, Insertable<RecordsTable>>()
  private versions: Insertable<RecordVersionsTable>[] = []
  private answers: Insertable<MutationsTable>[] = []

  private constructor(
    private readonly trx: Trx,
    private readonly sqlite: SqliteHandle | undefined,
    private lastSeq: number,
  ) {}

  /** Starts a change set in `trx`, a change transaction of `db`; `recordIds` are loaded into the cache. */
  static async open(db: Db, trx: Trx, recordIds: readonly string[] = []): Promise<ChangeSet> {
    const last = await trx.selectFrom('records').select(trx.fn.max('seq').as('seq')).executeTakeFirst()
    const changes = new ChangeSet(trx, sqliteHandle(db), Number(last?.seq ?? 0))
    const unique = [...new Set(recordIds)]
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK)
      for (const id of chunk) changes.cache.set(id, null)
      for (const record of await getRecords(trx, chunk)) changes.cache.set(record.id, record)
    }
    return changes
  }

  /** The record's latest version, this transaction's writes included. */
  async record(id: string): Promise<StoredRecord | undefined> {
    if (!this.cache.has(id)) this.cache.set(id, (await getRecords(this.trx, [id]))[0] ?? null)
    return this.cache.get(id) ?? undefined
  }

  /** Buffers a new latest version and its history row; returns the record as it now is. */
  write(version: NewVersion): StoredRecord {
    const seq = ++this.lastSeq
    const data = version.data === null ? null : (serialized.get(version.data) ?? JSON.stringify(version.data))
    const deleted = version.data === null ? 1 : 0
    this.latest.set(version.recordId, {
      id: version.recordId,
      entity: version.entity,
      site_code: version.siteCode,
      rev: version.rev,
      deleted,
      data,
      seq,
      device_id: version.deviceId,
      user_id: version.userId,
      updated_at: version.at,
    })
    this.versions.push({
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
    const record: StoredRecord = {
      id: version.recordId,
      entity: version.entity,
      siteCode: version.siteCode,
      rev: version.rev,
      deleted: deleted === 1,
      data: version.data,
      deviceId: version.deviceId,
      userId: version.userId,
    }
    this.cache.set(record.id, record)
    return record
  }

  /** Buffers a mutation's first answer (rule 1). */
  answer(row: Insertable<MutationsTable>): void {
    this.answers.push(row)
  }

  /** Writes what is buffered. */
  async flush(): Promise<void> {
    const latest = [...this.latest.values()]
    const { versions, answers } = this
    this.latest = new Map()
    this.versions = []
    this.answers = []
    await bulkInsert(this.trx, this.sqlite, 'records', latest)
    await bulkInsert(this.trx, this.sqlite, 'record_versions', versions)
    await bulkInsert(this.trx, this.sqlite, 'mutations', answers)
  }
}
