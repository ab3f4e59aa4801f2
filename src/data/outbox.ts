/**
 * Owns the outbox queue. Entries leave only after the server acknowledges their
 * mutationId (see acknowledge.ts); a rejected entry is parked, kept and shown.
 */
import Dexie from 'dexie'
import type { RelaisDb } from './db'
import type { OutboxEntry } from './outbox-entry'

const queued = (db: RelaisDb) =>
  db.outbox.where('[status+seq]').between(['queued', Dexie.minKey], ['queued', Dexie.maxKey])

/** Entries waiting to be sent (parked ones not counted). */
export async function pendingCount(db: RelaisDb): Promise<number> {
  return queued(db).count()
}

/** Entries the server rejected, kept until the user fixes the record. */
export async function parkedCount(db: RelaisDb): Promise<number> {
  return db.outbox.where('[status+seq]').between(['parked', Dexie.minKey], ['parked', Dexie.maxKey]).count()
}

export async function listParked(db: RelaisDb): Promise<OutboxEntry[]> {
  return db.outbox.where('[status+seq]').between(['parked', Dexie.minKey], ['parked', Dexie.maxKey]).toArray()
}

/** The oldest queued entries, in save order. */
export async function queuedEntries(db: RelaisDb, limit: number): Promise<OutboxEntry[]> {
  return queued(db).limit(limit).toArray()
}

/** The queued entries of a batch sent before and not yet answered, in save order. */
export async function batchEntries(db: RelaisDb, batchId: string): Promise<OutboxEntry[]> {
  const entries = await db.outbox.where('batchId').equals(batchId).sortBy('seq')
  return entries.filter((e) => e.status === 'queued')
}

/** Records the batch id on the entries before they are sent, so a retry resends the same batch. */
export async function assignBatch(db: RelaisDb, entries: readonly OutboxEntry[], batchId: string): Promise<void> {
  const ids = entries.map((e) => e.mutationId)
  await db.outbox.where('mutationId').anyOf(ids).modify({ batchId })
}
