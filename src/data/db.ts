/**
 * The Dexie database of one signed-in user. Several users may share a phone: each gets
 * their own database (`relais-user-<userId>`), so that signing out never touches another
 * user's records or queue, and so that data protection can later key each one apart.
 * This folder is the only code that imports Dexie.
 */
import Dexie, { type EntityTable, type Table } from 'dexie'
import type { Entity } from '@/shared/schemas/entities'
import type { Site } from '@/shared/schemas/site'
import type { OutboxEntry } from './outbox-entry'
import type { LocalRecord } from './records'

/** Rows of small singletons (sync cursor, sync status), keyed by name. */
export interface MetaRow {
  key: string
  value: unknown
}

export interface DraftRow {
  key: string
  values: unknown
  savedAt: string
}

/** The table that holds each entity's records. */
export const ENTITY_TABLES = {
  registration: 'registrations',
  assistance: 'assistance',
  referral: 'referrals',
  flowCount: 'flowCounts',
  survey: 'surveys',
} as const satisfies Record<Entity, string>

const recordStores = 'id, localUpdatedAt, state'

export class RelaisDb extends Dexie {
  // Records: keyed by the record's id, made on the device and the server's key too, so
  // that a pulled change and an acknowledgement land on the same row as the local save.
  // `localUpdatedAt` lists newest first; `state` counts pending, rejected and conflicts.
  registrations!: Table<LocalRecord<'registration'>, string>
  assistance!: Table<LocalRecord<'assistance'>, string>
  referrals!: Table<LocalRecord<'referral'>, string>
  flowCounts!: Table<LocalRecord<'flowCount'>, string>
  surveys!: Table<LocalRecord<'survey'>, string>
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

  constructor(readonly userId: string) {
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
    // Reshaping rows of an older version goes in `this.version(2).stores(…).upgrade(tx => …)`.
  }
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

/** Erases a user's local database: records, queue, drafts (a wipe or a test reset). */
export async function deleteUserDb(userId: string): Promise<void> {
  const db = openUserDb(userId)
  open.delete(userId)
  await db.delete()
}

/** The table holding an entity's records, typed for that entity. */
export function recordTable<E extends Entity>(db: RelaisDb, entity: E): Table<LocalRecord<E>, string> {
  return db.table(ENTITY_TABLES[entity])
}

/** Every record table, for transactions that touch records of any entity. */
export function allRecordTables(db: RelaisDb): Table[] {
  return Object.values(ENTITY_TABLES).map((name) => db.table(name))
}
