/**
 * The Dexie database of one signed-in user. Several users may share a phone: each gets
 * their own database (`relais-user-<userId>`), so that signing out never touches another
 * user's records or queue, and so that data protection can later key each one apart.
 * This folder is the only code that imports Dexie.
 */
import Dexie, { type EntityTable, type Table } from 'dexie'
import type { Entity } from '@/shared/schemas/entities'
import type { Site } from '@/shared/schemas/site'
import type { VaultKeys } from '@/shared/crypto/vault'
import type { Sealed } from '@/shared/crypto/record-cipher'
import { flowDayMarks, type FlowDayMark } from './flow-day-marks'
import { scheduleFlowDaysUpkeep, type FlowDayRow } from './flow-days'
import type { HeldChangeRow } from './held-changes'
import type { OutboxEntry } from './outbox-entry'
import type { RecordRow } from './records'

/** Rows of small singletons (sync cursor, sync status), keyed by name. */
export interface MetaRow {
  key: string
  value: unknown
}

export interface DraftRow {
  key: string
  /** Plain only in an unprotected database (tests, tools); else `enc`. */
  values?: unknown
  /** The values, AES-256-GCM under the data key, AAD `draft:<key>`. */
  enc?: Sealed
  savedAt: string
}

/** A locked device's upload: outbox entries sealed to the server's public key at lock. */
export interface SealedBatchRow {
  batchId: string
  createdAt: string
  mutationIds: string[]
  /** The push body's `sealed` (sealed-batch.ts). */
  sealed: unknown
}

/** The table that holds each entity's records. */
export const ENTITY_TABLES = {
  registration: 'registrations',
  assistance: 'assistance',
  referral: 'referrals',
  flowCount: 'flowCounts',
  survey: 'surveys',
  caseEvent: 'caseEvents',
  fmpStatus: 'fmpStatuses',
} as const satisfies Record<Entity, string>

const recordStores = 'id, localUpdatedAt, state'
// v2: `purgeAfter` (retention), `nameKey`/`docKey` (keyed hashes, registrations only)
const recordStoresV2 = 'id, localUpdatedAt, state, purgeAfter, nameKey, docKey'

export class RelaisDb extends Dexie {
  // Records: keyed by the record's id, made on the device and the server's key too, so
  // that a pulled change and an acknowledgement land on the same row as the local save.
  // `localUpdatedAt` lists newest first; `state` counts pending, rejected and conflicts.
  // Rows keep in clear only what sync needs and nothing personal; `data` is sealed (`enc`).
  registrations!: Table<RecordRow<'registration'>, string>
  assistance!: Table<RecordRow<'assistance'>, string>
  referrals!: Table<RecordRow<'referral'>, string>
  flowCounts!: Table<RecordRow<'flowCount'>, string>
  surveys!: Table<RecordRow<'survey'>, string>
  caseEvents!: Table<RecordRow<'caseEvent'>, string>
  fmpStatuses!: Table<RecordRow<'fmpStatus'>, string>
  // Outbox: auto-incremented `seq` keeps save order (edits of one record must reach the
  // server in the order they were made); `&mutationId` finds the entry an answer acks;
  // `recordId` finds a record's later edits; `[status+seq]` reads the queue in order
  // without the parked entries; `batchId` finds an unanswered batch to resend as is.
  outbox!: EntityTable<OutboxEntry, 'seq'>
  // Drafts: one per form, keyed by a name the form chooses (e.g. `registration:new`).
  drafts!: Table<DraftRow, string>
  // Sites: keyed by the site code, the server's own key; replaced wholesale on refresh.
  sites!: Table<Site, string>
  // Meta: a handful of named values (sync cursor, sync status).
  meta!: Table<MetaRow, string>
  // Sealed batches: made at lock, keyed by their batchId (the same one on every retry).
  sealedBatches!: Table<SealedBatchRow, string>
  // Held changes: pulled versions this version of the app cannot use yet (held-changes.ts).
  // Keyed by `[entity+recordId]`, one per record: a later version of the record replaces
  // the held one, and a deletion finds it. The entity is part of the key because it may be
  // one this version does not know (there is no table to look the record up in).
  heldChanges!: Table<HeldChangeRow, [string, string]>
  // Flow days: each FMP's day of tallies, its figures sealed, keyed `[siteCode+day]` (clear
  // already on the tallies), so Today reads a week without opening each tally.
  flowDays!: Table<FlowDayRow, [string, string]>
  // Flow day marks: every write to a tally marks its day in its own transaction
  // (flow-day-marks.ts), one row per write, until the day is sealed again.
  flowDayMarks!: Table<FlowDayMark, number>

  /**
   * Where the data key comes from. Unset: an unprotected database (tests and tools that
   * never unlock) stores values in clear. Set (the app always sets it): values are
   * stored only encrypted, and reading or writing them while it gives null throws LockedError.
   */
  keySource?: () => VaultKeys | null
  /** Days a synced, closed case stays on the device after closure (a per-device setting). */
  retentionDays = 90

  /**
   * `sealsFlowDays: false` for a second connection in a pull worker
   * (pull-workers.ts): its writes mark the days they touch like any other, and the page's
   * thread, which holds the data key, seals them again.
   */
  constructor(
    readonly userId: string,
    { sealsFlowDays = true }: { sealsFlowDays?: boolean } = {},
  ) {
    super(`relais-user-${userId}`)
    this.version(1).stores({
      registrations: recordStores,
      assistance: recordStores,
      referrals: recordStores,
      flowCounts: recordStores,
      surveys: recordStores,
      outbox: '++seq, &mutationId, recordId, batchId, [status+seq]',
      drafts: 'key',
      sites: 'code',
      meta: 'key',
    })
    // v2 (data protection): personal data is stored only encrypted. There were no
    // production users of v1, so its clear rows are dropped rather than encrypted
    // (an upgrade cannot wait for the key): the server still holds what was sent.
    this.version(2)
      .stores({
        registrations: recordStoresV2,
        assistance: recordStoresV2,
        referrals: recordStoresV2,
        flowCounts: recordStoresV2,
        surveys: recordStoresV2,
        outbox: '++seq, &mutationId, recordId, batchId, [status+seq], sealedBatchId',
        sealedBatches: 'batchId, createdAt',
      })
      .upgrade(async (tx) => {
        // v1's own tables: those of entities added later do not exist yet at this step
        for (const name of ['registrations', 'assistance', 'referrals', 'flowCounts', 'surveys', 'outbox', 'drafts']) {
          await tx.table(name).clear()
        }
        await tx.table('meta').delete('syncCursor')
      })
    // v3 (forward compatibility): held changes. Existing rows stay as they are.
    this.version(3).stores({ heldChanges: '[entity+recordId]' })
    // v4 (case file): the timeline's events; `registrationId` (random ids, nothing
    // personal) finds a case's assistance, referrals and events without opening the
    // others. Rows written before v4 get it at their next save or pull; events held by v3
    // as an unknown entity are retried from heldChanges after the upgrade (retry-held.ts).
    this.version(4).stores({
      assistance: `${recordStoresV2}, registrationId`,
      referrals: `${recordStoresV2}, registrationId`,
      caseEvents: `${recordStoresV2}, registrationId`,
    })
    // v5 (Today): tallies and FMP statuses found by `[siteCode+siteDay]` (a site and a day,
    // nothing personal), so that a week of one FMP is read without opening the rest. Rows
    // written before v5 get them at their next save or pull, or when Today first indexes them
    // (data/flow-week.ts: it can decrypt, an upgrade cannot).
    this.version(5).stores({
      flowCounts: `${recordStoresV2}, [siteCode+siteDay]`,
      fmpStatuses: `${recordStoresV2}, [siteCode+siteDay]`,
    })
    // v6 (Today's figures kept): the days of the tallies already here are noted as changed,
    // to be sealed once unlocked (an upgrade cannot encrypt).
    this.version(6)
      .stores({ flowDays: '[siteCode+day]' })
      .upgrade(async (tx) => {
        const days = new Map<string, FlowDayRowV6>()
        await tx.table('flowCounts').each((row: { id: string; siteCode?: string; siteDay?: string }) => {
          if (row.siteCode === undefined || row.siteDay === undefined) return
          const key = `${row.siteCode}\u0000${row.siteDay}`
          const day = days.get(key) ?? { siteCode: row.siteCode, day: row.siteDay, gen: 1, changed: [] }
          day.changed.push(row.id)
          days.set(key, day)
        })
        await tx.table('flowDays').bulkPut([...days.values()])
      })
    // v7 (a quicker save): a write's note on its tally's day is a mark of its own
    // (flow-day-marks.ts), added without reading the day; the days' lists become marks.
    this.version(7)
      .stores({ flowDayMarks: '++seq, [siteCode+day]' })
      .upgrade(async (tx) => {
        const marks: FlowDayMark[] = []
        await tx
          .table('flowDays')
          .toCollection()
          .modify((row: Partial<FlowDayRowV6>) => {
            for (const id of row.changed ?? []) marks.push({ siteCode: row.siteCode ?? '', day: row.day ?? '', id })
            delete row.gen
            delete row.changed
          })
        await tx.table('flowDayMarks').bulkAdd(marks)
      })
    // v8 (open referrals): the open-referral flag (clear, nothing personal) is indexed, so
    // that the open ones are found without reading every referral of the centre. A row
    // written before the flag existed has none: it is listed as open, and opened to be
    // sure, until its next save or pull (as before)
    this.version(8)
      .stores({ referrals: `${recordStoresV2}, registrationId, openReferral` })
      .upgrade(async (tx) => {
        await tx
          .table('referrals')
          .filter((row: { openReferral?: 0 | 1 }) => row.openReferral === undefined)
          .modify({ openReferral: 1 })
      })
    // v9 (the sync chip's count of records waiting, waiting-records.ts): read from an
    // index's keys alone (status, entity, record id, time: clear fields of every entry),
    // not by reading every waiting entry with its encrypted data after each save
    this.version(9).stores({
      outbox: '++seq, &mutationId, recordId, batchId, [status+seq], sealedBatchId, [status+entity+recordId+at]',
    })
    this.use(flowDayMarks(() => sealsFlowDays && scheduleFlowDaysUpkeep(this)))
  }
}

/** A day's row as v6 kept it: the tallies written since it was sealed, in a list on the row. */
interface FlowDayRowV6 extends FlowDayRow {
  gen: number
  changed: string[]
}

const open = new Map<string, RelaisDb>()

/** The database of one user; one shared connection per user within a tab. */
export function openUserDb(userId: string): RelaisDb {
  let db = open.get(userId)
  if (!db) {
    db = new RelaisDb(userId)
    open.set(userId, db)
  }
  return db
}

/**
 * The meta row holding the last case-number counter used on this user's database
 * (cases/case-number.ts). A number, nothing personal: it outlives an erase, since the
 * same sign-in's case code comes back and a counter that started again would give
 * people numbers already on other people's cards.
 */
export const CASE_COUNTER_KEY = 'caseNumberCounter'

/**
 * Erases what a user's database holds except the sealed batches (they still upload) and
 * the case-number counter: the vault that could read it is gone (too many failed
 * unlocks, or a password changed elsewhere). The sync cursor goes with the rest, so the
 * next pull fetches every record again.
 */
export async function eraseReadableData(db: RelaisDb): Promise<void> {
  const tables = [...allRecordTables(db), db.outbox, db.drafts, db.meta, db.heldChanges, db.flowDays, db.flowDayMarks]
  await db.transaction('rw', tables, async () => {
    for (const table of tables) {
      if (table === db.meta) await db.meta.where('key').notEqual(CASE_COUNTER_KEY).delete()
      else await table.clear()
    }
  })
}

/** Erases a user's local database: records, queue, drafts (a wipe or a test reset). */
export async function deleteUserDb(userId: string): Promise<void> {
  const db = openUserDb(userId)
  open.delete(userId)
  await db.delete()
}

/** The table holding an entity's records, typed for that entity. */
export function recordTable<E extends Entity>(db: RelaisDb, entity: E): Table<RecordRow<E>, string> {
  return db.table(ENTITY_TABLES[entity])
}

/** Every record table, for transactions that touch records of any entity. */
export function allRecordTables(db: RelaisDb): Table[] {
  return Object.values(ENTITY_TABLES).map((name) => db.table(name))
}
