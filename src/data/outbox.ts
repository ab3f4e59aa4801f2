/**
 * Owns the outbox queue. Entries leave only after the server acknowledges their
 * mutationId (see acknowledge.ts); a rejected entry is parked, kept and shown.
 */
import Dexie from 'dexie'
import type { RelaisDb } from './db'
import type { OutboxEntry } from './outbox-entry'
import { keysOf } from './protect'
import { decryptJson } from '@/shared/crypto/record-cipher'

const queued = (db: RelaisDb) =>
  db.outbox.where('[status+seq]').between(['queued', Dexie.minKey], ['queued', Dexie.maxKey])

const sealed = (db: RelaisDb) =>
  db.outbox.where('[status+seq]').between(['sealed', Dexie.minKey], ['sealed', Dexie.maxKey])

/** Entries waiting to be sent, sealed ones included (parked ones not counted). */
export async function pendingCount(db: RelaisDb): Promise<number> {
  return (await queued(db).count()) + (await sealed(db).count())
}

/** Entries not sealed: while locked they wait, encrypted, for the next unlock. */
export async function unsealedCount(db: RelaisDb): Promise<number> {
  return queued(db).count()
}

/** Entries sealed at lock, waiting for their sealed batch's answer. */
export async function sealedCount(db: RelaisDb): Promise<number> {
  return sealed(db).count()
}

/** The entries with their data decrypted, for a push (throws LockedError while locked). */
export async function openEntries(db: RelaisDb, entries: readonly OutboxEntry[]): Promise<OutboxEntry[]> {
  const keys = keysOf(db)
  if (!keys) return [...entries]
  return Promise.all(
    entries.map(async ({ enc, ...entry }) =>
      enc ? { ...entry, data: await decryptJson<Record<string, unknown>>(keys.dataKey, entry.mutationId, enc) } : entry,
    ),
  )
}

/** Entries the server rejected, kept until the user fixes the record. */
export async function parkedCount(db: RelaisDb): Promise<number> {
  return db.outbox.where('[status+seq]').between(['parked', Dexie.minKey], ['parked', Dexie.maxKey]).count()
}

export async function listParked(db: RelaisDb): Promise<OutboxEntry[]> {
  return db.outbox.where('[status+seq]').between(['parked', Dexie.minKey], ['parked', Dexie.maxKey]).toArray()
}

/** Every queued entry, in save order (what lock seals). */
export async function allQueuedEntries(db: RelaisDb): Promise<OutboxEntry[]> {
  return queued(db).toArray()
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

/**
 * Queues parked entries again exactly as they were sent (same mutation ids, out of any
 * batch), to ask the server what became of them: it answers each as a `duplicate` carrying
 * a supervisor's decision, or refuses it again (lost-sites.ts, moved-case-work.ts).
 */
export async function queueAgainAsSent(db: RelaisDb, entries: readonly OutboxEntry[]): Promise<void> {
  await db.outbox.bulkPut(
    entries.map((entry) => {
      const { batchId: _batch, sealedBatchId: _sealed, ...rest } = entry
      return { ...rest, status: 'queued' as const }
    }),
  )
}
