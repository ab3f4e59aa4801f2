/**
 * Local records and the one way to change them: `saveRecord` writes the record and its
 * outbox entry together, so that nothing saved can miss the upload queue (`saveRecords`:
 * several records as one, all or none). A record's data is stored only encrypted (AAD
 * `<entity>:<id>`); its row keeps in clear what sync and retention need, nothing
 * personal (record-codec below).
 */
import Dexie, { type Table } from 'dexie'
import { changedFields, type FieldError } from '@/shared/schemas/sync'
import { entityDataSchemas, type Entity, type EntityData } from '@/shared/schemas/entities'
import type { Sealed } from '@/shared/crypto/record-cipher'
import { newId } from '@/shared/ids'
import { allRecordTables, recordTable, type RelaisDb } from './db'
import { clearRecordDrafts } from './drafts'
import { noteSealedFlowRow } from './flow-opened'
import type { OutboxEntry } from './outbox-entry'
import { notePlainWrite } from './plain-writes'
import { keysOf, open, seal } from './protect'
import { recordAad, sealPayload, unknownAad } from './record-payload'
import type { UnknownFields } from './server-version'

/**
 * `pending`: changed here, not yet acknowledged. `sent`: the server has this version.
 * `rejected`: the server refused it (see `errors`). `conflict`: the server kept another
 * version (stored here in place of ours), ours waits for a supervisor.
 */
export type RecordState = 'pending' | 'sent' | 'rejected' | 'conflict'

/** A record as the app sees it, decrypted. */
export interface LocalRecord<E extends Entity = Entity> {
  id: string
  entity: E
  data: EntityData[E]
  /** The rev the server last acknowledged or sent; 0 while never acknowledged. */
  syncedRev: number
  state: RecordState
  errors?: FieldError[]
  localUpdatedAt: string
}

/** The record's data as stored: sealed, and the non-personal fields indexes and retention need. */
export interface RecordPayload<E extends Entity = Entity> {
  /** Plain only in an unprotected database (tests, tools). */
  data?: EntityData[E]
  enc?: Sealed
  /**
   * Keyed hashes of the names and of the document number, written by versions before the
   * case index (registrations): read by nothing, and dropped at the row's next write.
   */
  nameKey?: string
  docKey?: string
  /** The case an assistance, referral or case event belongs to (a random id, not personal). */
  registrationId?: string
  /** Referrals: 1 while waiting for an answer (pending, accepted), else 0; absent on rows saved before it. */
  openReferral?: 0 | 1
  /** Flow tallies and FMP statuses: their site and day there (`observedAt`, a status's `from`); nothing personal. */
  siteCode?: string
  siteDay?: string
  /** A closed case leaves the device this long after closure, once synced (ISO time). */
  purgeAfter?: string
  /**
   * Top-level fields a newer server sent that this version does not know (server-version.ts):
   * kept apart from `data`, and sent back with the next edit. Plain only in an unprotected
   * database; else `unknownEnc`, AAD `<entity>:<id>:unknown`.
   */
  unknownFields?: UnknownFields
  unknownEnc?: Sealed
}

/** A record's row in IndexedDB. */
export type RecordRow<E extends Entity = Entity> = Omit<LocalRecord<E>, 'data'> & RecordPayload<E>

const PAYLOAD_FIELDS = [
  'data',
  'enc',
  'nameKey',
  'docKey',
  'registrationId',
  'openReferral',
  'siteCode',
  'siteDay',
  'purgeAfter',
  'unknownFields',
  'unknownEnc',
] as const

/**
 * Seals a record's data (and the fields a newer server sent that this version does not
 * know) and computes its index and retention fields; call before a transaction.
 */
export async function encodePayload<E extends Entity>(
  db: RelaisDb,
  entity: E,
  data: EntityData[E],
  unknownFields?: UnknownFields,
): Promise<RecordPayload<E>> {
  const payload = await sealPayload(keysOf(db)?.dataKey ?? null, db.retentionDays, entity, data, unknownFields)
  if (payload.enc) noteSealedFlowRow(db, entity, data.id, payload.enc.iv, data) // Today need not decrypt it again
  return payload
}

/** The payload fields of a row (to carry them over when only its clear fields change). */
export function payloadOf<E extends Entity>(row: RecordRow<E>): RecordPayload<E> {
  const out: Record<string, unknown> = {}
  for (const f of PAYLOAD_FIELDS) if (row[f] !== undefined) out[f] = row[f]
  return out as RecordPayload<E>
}

/** A row without its payload fields. */
export function clearPart<E extends Entity>(row: RecordRow<E>): Omit<LocalRecord<E>, 'data'> {
  const out = { ...row } as Record<string, unknown>
  for (const f of PAYLOAD_FIELDS) delete out[f]
  return out as Omit<LocalRecord<E>, 'data'>
}

/** The fields a newer server sent that this version does not know, opened; undefined when none. */
export async function openUnknownFields(db: RelaisDb, row: RecordRow): Promise<UnknownFields | undefined> {
  if (!row.unknownEnc && !row.unknownFields) return undefined
  return open<UnknownFields>(db, unknownAad(row.entity, row.id), { enc: row.unknownEnc }, row.unknownFields)
}

/** Decrypts a row (throws LockedError while locked). */
export async function decodeRecord<E extends Entity>(db: RelaisDb, row: RecordRow<E>): Promise<LocalRecord<E>> {
  const data = await open<EntityData[E]>(db, recordAad(row.entity, row.id), row, row.data)
  return { ...clearPart(row), data }
}

/**
 * Validates, saves locally and queues the change for upload; no network I/O. Throws the
 * ZodError for invalid data (a form shows its issues inline) and writes nothing then.
 */
export async function saveRecord<E extends Entity>(
  db: RelaisDb,
  entity: E,
  data: EntityData[E],
  now: Date = new Date(),
): Promise<LocalRecord<E>> {
  const checked = checkedWrite(db, entity, data, now)
  const prepared = await prepareSave(db, entity, checked)
  return db.transaction('rw', checked.table, db.outbox, () => writeSave(db, prepared))
}

/** One change for `saveRecords`: a record of an entity. */
export type RecordChange = { [E in Entity]: { entity: E; data: EntityData[E] } }[Entity]

/**
 * Saves several changes as one: every record and its outbox entry are written in one
 * transaction, or none is. A storage failure half-way (a full quota, the phone locking)
 * leaves nothing half done, where saving them one by one would leave some saved and some
 * not, and events saying otherwise. Each change keeps what `saveRecord` guarantees (its
 * own outbox entry, the rev last acknowledged as its base, the fields of a refused change
 * claimed, the case index told in clear), and the entries queue in the order given. Each
 * record appears once. Throws the ZodError of the first invalid change, before anything is
 * written.
 */
export async function saveRecords(
  db: RelaisDb,
  changes: readonly RecordChange[],
  now: Date = new Date(),
): Promise<LocalRecord[]> {
  // every change checked before anything is read or sealed: an invalid one writes nothing
  const checked = changes.map((c) => ({ entity: c.entity, ...checkedWrite(db, c.entity, c.data, now) }))
  const ids = new Set(checked.map((c) => `${c.entity}:${c.next.id}`))
  if (ids.size !== checked.length) throw new Error('saveRecords: a record appears more than once')
  const prepared = await Promise.all(checked.map((c) => prepareSave(db, c.entity, c)))
  const tables = [...new Set(checked.map((c) => c.table.name)), db.outbox.name]
  return db.transaction('rw', tables, async () => {
    const records: LocalRecord[] = []
    // one at a time, in order: the outbox's order is the upload's
    for (const p of prepared) records.push(await writeSave(db, p))
    return records
  })
}

/** A change read, merged with the record as stored and sealed: all its transaction needs. */
interface PreparedSave<E extends Entity> {
  entity: E
  at: string
  table: Table<RecordRow<E>, string>
  merged: EntityData[E]
  fields: string[]
  sealed: SealedWrite<E>
}

/**
 * Reads, merges and encrypts a change, before its transaction: awaiting WebCrypto inside
 * a Dexie transaction commits it early.
 */
async function prepareSave<E extends Entity>(
  db: RelaisDb,
  entity: E,
  { at, next, table }: ReturnType<typeof checkedWrite<E>>,
): Promise<PreparedSave<E>> {
  const beforeRow = await table.get(next.id)
  const before = beforeRow ? await decodeRecord(db, beforeRow) : undefined
  const merged: EntityData[E] = before ? { ...next, createdAt: before.data.createdAt } : next
  // fields a newer server sent that this version does not know: the record keeps them and
  // the upload carries them back unchanged (so the server does not lose them); they are
  // not this device's changes, so they are never in changedFields
  const unknownFields = beforeRow ? await openUnknownFields(db, beforeRow) : undefined
  const sealed = await sealWrite(db, entity, merged, unknownFields)
  return { entity, at, table, merged, fields: changedFields(before?.data, merged), sealed }
}

/** Writes a prepared change and its outbox entry, inside a transaction over its table and the outbox. */
async function writeSave<E extends Entity>(db: RelaisDb, p: PreparedSave<E>): Promise<LocalRecord<E>> {
  const [current, refused] = await Promise.all([
    p.table.get(p.merged.id),
    db.outbox.where('recordId').equals(p.merged.id).toArray(),
  ])
  // every offline edit carries the rev the server last acknowledged, the same one
  // until an answer comes back (sync-protocol.md, Identity)
  const baseRev = current?.syncedRev ?? 0
  // a fix of a refused change claims that change's fields too (`refused`): it never reached the server
  const claimed = [...new Set([...p.fields, ...refused.flatMap((e) => (e.status === 'parked' ? e.changedFields : []))])]
  const { record, row, entry } = pendingWrite(db, p.entity, p.merged, p.at, baseRev, claimed, p.sealed)
  notePlainWrite(Dexie.currentTransaction, record) // the case index takes it as is
  await p.table.put(row)
  await db.outbox.add(entry)
  return record
}

/**
 * Validates, saves locally and queues a record made on this phone (a new tally, say): its
 * id was drawn here, so it is added, never put. It needs no read, before or within its
 * transaction (nothing to merge, no rev acknowledged, no refused change to claim), and it
 * cannot replace a record that exists: the add fails instead, and nothing is written.
 * Throws the ZodError for invalid data, as `saveRecord` does.
 */
export async function addRecord<E extends Entity>(
  db: RelaisDb,
  entity: E,
  data: EntityData[E],
  now: Date = new Date(),
): Promise<LocalRecord<E>> {
  const { at, next, table } = checkedWrite(db, entity, data, now)
  const sealed = await sealWrite(db, entity, next, undefined)
  const { record, row, entry } = pendingWrite(db, entity, next, at, 0, changedFields(undefined, next), sealed)
  return db.transaction('rw', table, db.outbox, async () => {
    notePlainWrite(Dexie.currentTransaction, record) // the case index takes it as is
    // both requests at once: one round trip, not two
    await Promise.all([table.add(row), db.outbox.add(entry)])
    return record
  })
}

/** A change's data as the schema produces it, stamped `now` (throws the ZodError), and its table. */
function checkedWrite<E extends Entity>(db: RelaisDb, entity: E, data: EntityData[E], now: Date) {
  const at = now.toISOString()
  const next = entityDataSchemas[entity].parse({ ...data, updatedAt: at }) as EntityData[E]
  return { at, next, table: recordTable(db, entity) }
}

/** A write's two seals: the row's payload and the outbox entry's data. */
interface SealedWrite<E extends Entity> {
  mutationId: string
  payload: RecordPayload<E>
  entryData: Pick<OutboxEntry, 'data' | 'enc'>
}

/** A write's two seals, at once (WebCrypto works beside the page). */
async function sealWrite<E extends Entity>(
  db: RelaisDb,
  entity: E,
  data: EntityData[E],
  unknownFields: UnknownFields | undefined,
): Promise<SealedWrite<E>> {
  const mutationId = newId()
  const [payload, entryData] = await Promise.all([
    encodePayload(db, entity, data, unknownFields),
    seal(db, mutationId, unknownFields ? { ...unknownFields, ...data } : data, 'data'),
  ])
  return { mutationId, payload, entryData: entryData as Pick<OutboxEntry, 'data' | 'enc'> }
}

/** The record, its stored row and its outbox entry for a change made on this phone. */
function pendingWrite<E extends Entity>(
  db: RelaisDb,
  entity: E,
  data: EntityData[E],
  at: string,
  baseRev: number,
  changed: string[],
  { mutationId, payload, entryData }: SealedWrite<E>,
) {
  const record: LocalRecord<E> = {
    id: data.id,
    entity,
    data,
    syncedRev: baseRev,
    state: 'pending',
    localUpdatedAt: at,
  }
  const entry: OutboxEntry = {
    mutationId,
    entity,
    recordId: data.id,
    op: 'upsert',
    baseRev,
    ...entryData,
    changedFields: [...changed].sort(),
    at,
    by: db.userId,
    status: 'queued',
  }
  return { record, row: { ...clearPart(record as RecordRow<E>), ...payload }, entry }
}

/** An entity's records, most recently changed first (decrypted after the read). */
export async function listRecords<E extends Entity>(db: RelaisDb, entity: E): Promise<LocalRecord<E>[]> {
  const rows = await recordTable(db, entity).orderBy('localUpdatedAt').reverse().toArray()
  return Promise.all(rows.map((row) => decodeRecord(db, row)))
}

export async function getRecord<E extends Entity>(
  db: RelaisDb,
  entity: E,
  id: string,
): Promise<LocalRecord<E> | undefined> {
  const row = await recordTable(db, entity).get(id)
  return row && decodeRecord(db, row)
}

// Search by name in any spelling and the possible-duplicate check are answered from the
// case index in memory (src/cases): loaded at unlock from a sealed snapshot and the rows
// changed since, kept current through the registrations table's hooks, dropped at lock.

/** The tables of a case's work, found by its `registrationId`. */
const caseWorkTables = (db: RelaisDb) => [db.assistance, db.referrals, db.caseEvents] as const

/**
 * Retention on the device: an ended case (closed, or departed on an assisted return)
 * leaves it `retentionDays` after it ended (its `purgeAfter`), with its work (assistance,
 * referrals and their notes, its timeline's events), their drafts and the versions of them
 * held for a later version of the app (the server sent those). A case whose record or work
 * still has changes queued or parked (refused: the server does not have them), or is not
 * yet as the server holds it, stays until a later run: the case and its work leave
 * together, and unsent work is never lost. A record in conflict does not keep it: the
 * server holds both sides, the phone's version as an open conflict for a supervisor
 * (sync-protocol.md), so an ended case does not stay on the phone for ever for want of a
 * decision. If the case is reopened later, the server sends it again with its work
 * (case-file.ts, resendCaseWork). Runs at unlock.
 */
export async function purgeExpired(db: RelaisDb, now: Date = new Date()): Promise<number> {
  const purged: RecordRow[] = []
  const onServer = async (rows: readonly RecordRow[]) => {
    for (const row of rows) {
      if (row.state !== 'sent' && row.state !== 'conflict') return false
      if ((await db.outbox.where('recordId').equals(row.id).count()) > 0) return false
    }
    return true
  }
  await db.transaction('rw', [db.outbox, db.drafts, db.heldChanges, ...allRecordTables(db)], async () => {
    const due = (await db.registrations.where('purgeAfter').below(now.toISOString()).toArray()) as RecordRow[]
    for (const row of due) {
      const work = await Promise.all(
        caseWorkTables(db).map(async (table) => ({
          table,
          rows: (await table.where('registrationId').equals(row.id).toArray()) as RecordRow[],
        })),
      )
      if (!(await onServer([row, ...work.flatMap((w) => w.rows)]))) continue
      for (const { table, rows } of work) {
        await table.bulkDelete(rows.map((r) => r.id))
        purged.push(...rows)
      }
      await db.registrations.delete(row.id)
      purged.push(row)
    }
    await clearRecordDrafts(
      db,
      purged.map((r) => r.id),
    )
    await db.heldChanges.bulkDelete(purged.map((r) => [r.entity, r.id] as [string, string]))
  })
  return purged.length
}
