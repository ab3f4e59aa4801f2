/**
 * The writes of one change transaction, buffered and sent in a few multi-row
 * statements at the end: the records' latest versions (upserted), their history
 * (appended) and the answered mutations (bulk-insert.ts). Seqs come from `max(seq)`, read once under
 * the change lock (change-transaction.ts), so they are unique and in commit order.
 * Reads of this transaction's records go through the cache, which already holds
 * the buffered versions; flush() before reading the history from the database.
 *
 * Opened with `caseFile` (push, conflict resolution), it also keeps the case file's
 * side tables (migration 0008) in the same transaction: which registration holds each
 * case number, and the departures of records that left a site (a transfer), whose seqs
 * come from the same sequence. Without it (the heal of migration 0007, which runs
 * before those tables exist) it touches the record tables alone.
 *
 * It keeps the daily flow roll-up and the stats facts (migration 0014,
 * stats/flow-rollup.ts, stats/stats-facts.ts) in the same
 * transaction: at each flush, the figures of the flushed records' versions before it
 * are taken away and those of their new versions added. Only the heal of migration
 * 0007, which runs before the roll-up exists (0014 fills it), opens one without.
 */
import type { Database as SqliteHandle } from 'better-sqlite3'
import type { Insertable } from 'kysely'
import { sqliteHandle, type Db } from '../db/open'
import type { MutationsTable, RecordDeparturesTable, RecordsTable, RecordVersionsTable } from '../db/schema'
import { applyFlowRollup } from '../stats/flow-rollup'
import { applyStatsFacts } from '../stats/stats-facts'
import { applyVulnerabilityFacts } from '../stats/vulnerability-facts'
import { bulkInsert } from './bulk-insert'
import type { Trx } from './change-transaction'
import { getRecords, type NewVersion, SERVER_DEVICE_ID, type StoredRecord } from './records'

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
  /** Registrations written since the last flush, with the case number each now holds (null: none). */
  private numbers = new Map<string, string | null>()
  /** Case numbers read or written in this transaction → the registration holding each (null: none). */
  private readonly holders = new Map<string, string | null>()
  private departures: Insertable<RecordDeparturesTable>[] = []
  /** Registrations this transaction moved to another site: id → the site it left first. */
  private readonly moved = new Map<string, { from: string; to: string }>()
  /** Records written since the last flush → their version in the database (undefined: not read yet). */
  private before = new Map<string, StoredRecord | null | undefined>()
  /** Records sent again unchanged (resend) → the seq each now takes. */
  private resent = new Map<string, number>()

  private constructor(
    private readonly trx: Trx,
    private readonly sqlite: SqliteHandle | undefined,
    private lastSeq: number,
    private readonly caseFile: boolean,
    private readonly flowRollup: boolean,
  ) {}

  /** Starts a change set in `trx`, a change transaction of `db`; `recordIds` are loaded into the cache. */
  static async open(
    db: Db,
    trx: Trx,
    recordIds: readonly string[] = [],
    { caseFile = false, flowRollup = true }: { caseFile?: boolean; flowRollup?: boolean } = {},
  ): Promise<ChangeSet> {
    const last = await trx.selectFrom('records').select(trx.fn.max('seq').as('seq')).executeTakeFirst()
    let lastSeq = Number(last?.seq ?? 0)
    if (caseFile) {
      const departed = await trx.selectFrom('record_departures').select(trx.fn.max('seq').as('seq')).executeTakeFirst()
      lastSeq = Math.max(lastSeq, Number(departed?.seq ?? 0))
    }
    const changes = new ChangeSet(trx, sqliteHandle(db), lastSeq, caseFile, flowRollup)
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
    if (!this.before.has(version.recordId)) {
      const known = this.cache.has(version.recordId)
      this.before.set(version.recordId, known ? (this.cache.get(version.recordId) ?? null) : undefined)
    }
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
      // the pull leaves the current version out for the device that holds it (pull.ts)
      device_id: version.heldBy ?? version.deviceId,
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
    const before = this.cache.get(record.id)?.data?.caseNumber
    this.cache.set(record.id, record)
    if (this.caseFile && version.entity === 'registration') {
      const number = version.data?.caseNumber
      // what this transaction knows of a number is what it wrote: the store is read for the others only
      if (typeof before === 'string' && this.holders.get(before) === record.id) this.holders.set(before, null)
      if (typeof number === 'string') this.holders.set(number, record.id)
      this.numbers.set(version.recordId, typeof number === 'string' ? number : null)
    }
    return record
  }

  /**
   * The registration holding `caseNumber`, this transaction's writes included, or
   * undefined when none does. Only with `caseFile`.
   */
  async caseNumberHolder(caseNumber: string): Promise<string | undefined> {
    if (!this.holders.has(caseNumber)) await this.loadCaseNumbers([caseNumber])
    return this.holders.get(caseNumber) ?? undefined
  }

  /** Reads who holds these case numbers in one query (a batch's, before its mutations are checked). */
  async loadCaseNumbers(caseNumbers: readonly string[]): Promise<void> {
    const unknown = [...new Set(caseNumbers)].filter((number) => !this.holders.has(number))
    for (let i = 0; i < unknown.length; i += CHUNK) {
      const chunk = unknown.slice(i, i + CHUNK)
      const rows = await this.trx
        .selectFrom('case_numbers')
        .select(['case_number', 'record_id'])
        .where('case_number', 'in', chunk)
        .execute()
      for (const number of chunk) this.holders.set(number, null)
      for (const row of rows) {
        // a registration written since the last flush holds the number it was written with
        const now = this.numbers.get(row.record_id)
        if (now === undefined || now === row.case_number) this.holders.set(row.case_number, row.record_id)
      }
    }
  }

  /** Buffers the departure of a record from a site (a transfer); it takes the next seq. */
  depart(record: { id: string; entity: StoredRecord['entity']; rev: number }, from: string, to: string, at: string) {
    this.departures.push({
      seq: ++this.lastSeq,
      record_id: record.id,
      entity: record.entity,
      rev: record.rev,
      from_site: from,
      to_site: to,
      at,
    })
  }

  /** Notes a registration moved to another site in this transaction (the first site it left is kept). */
  noteMove(registrationId: string, from: string, to: string): void {
    const earlier = this.moved.get(registrationId)
    this.moved.set(registrationId, { from: earlier?.from ?? from, to })
  }

  /** The move of a registration in this transaction, if it moved. */
  moveOf(registrationId: string): { from: string; to: string } | undefined {
    return this.moved.get(registrationId)
  }

  /** The registrations this transaction moved. */
  moves(): [string, { from: string; to: string }][] {
    return [...this.moved]
  }

  /**
   * Sends stored records again, unchanged, to every device's next pull, the devices that
   * wrote them included: each takes a new seq, with no new version (a reopened case's
   * work, which phones let go with the case: case-file.ts). A record written in this
   * transaction goes out with its new version anyway.
   */
  resend(ids: readonly string[]): void {
    for (const id of ids) this.resent.set(id, ++this.lastSeq)
  }

  /** Buffers a mutation's first answer (rule 1). */
  answer(row: Insertable<MutationsTable>): void {
    this.answers.push(row)
  }

  /** Writes what is buffered. */
  async flush(): Promise<void> {
    const latest = [...this.latest.values()]
    const { versions, answers, numbers, departures } = this
    this.latest = new Map()
    this.versions = []
    this.answers = []
    this.numbers = new Map()
    this.departures = []
    const before = this.before
    this.before = new Map()
    const written = new Set(latest.map((row) => row.id))
    const resent = [...this.resent].filter(([id]) => !written.has(id))
    this.resent = new Map()
    if (this.flowRollup) await this.rollUp(before)
    await bulkInsert(this.trx, this.sqlite, 'records', latest)
    for (const [id, seq] of resent) {
      await this.trx.updateTable('records').set({ seq, device_id: SERVER_DEVICE_ID }).where('id', '=', id).execute()
    }
    await bulkInsert(this.trx, this.sqlite, 'record_versions', versions)
    await bulkInsert(this.trx, this.sqlite, 'mutations', answers)
    if (numbers.size > 0) await this.writeCaseNumbers(numbers)
    if (departures.length > 0) await this.trx.insertInto('record_departures').values(departures).execute()
  }

  /** Moves the flow roll-up, the stats facts and their vulnerability flags from the records' stored versions to the ones about to be written. */
  private async rollUp(before: Map<string, StoredRecord | null | undefined>): Promise<void> {
    const unread = [...before].flatMap(([id, record]) => (record === undefined ? [id] : []))
    for (let i = 0; i < unread.length; i += CHUNK) {
      const chunk = unread.slice(i, i + CHUNK)
      for (const id of chunk) before.set(id, null)
      for (const record of await getRecords(this.trx, chunk)) before.set(record.id, record)
    }
    const changes = [...before].map(([id, record]) => ({ before: record, after: this.cache.get(id) }))
    await applyFlowRollup(this.trx, changes)
    await applyStatsFacts(this.trx, changes)
    await applyVulnerabilityFacts(this.trx, changes)
  }

  /** Each registration's row gives way to the number it holds now: no moment holds a number twice. */
  private async writeCaseNumbers(numbers: Map<string, string | null>): Promise<void> {
    const ids = [...numbers.keys()]
    for (let i = 0; i < ids.length; i += CHUNK) {
      await this.trx
        .deleteFrom('case_numbers')
        .where('record_id', 'in', ids.slice(i, i + CHUNK))
        .execute()
    }
    const rows = [...numbers].flatMap(([record_id, case_number]) =>
      case_number === null ? [] : [{ record_id, case_number }],
    )
    for (let i = 0; i < rows.length; i += CHUNK) {
      await this.trx
        .insertInto('case_numbers')
        .values(rows.slice(i, i + CHUNK))
        .execute()
    }
  }
}
