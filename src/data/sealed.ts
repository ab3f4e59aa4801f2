/**
 * Sealed batches: at lock, the pending outbox is sealed to the server's public key
 * (sync-protocol.md, `sealed`) so that a locked device keeps uploading what it can no
 * longer read. A batch keeps its batchId on every retry; its entries stay in the outbox
 * (status `sealed`) until the answer comes, which is applied to the rows' clear fields
 * without decrypting anything.
 */
import { applyPushResults, type AckSummary } from './acknowledge'
import type { RelaisDb, SealedBatchRow } from './db'
import type { OutboxEntry } from './outbox-entry'

/** Stores sealed batches and marks their entries sealed, in one transaction. */
export async function storeSealedBatches(db: RelaisDb, batches: readonly SealedBatchRow[]): Promise<void> {
  await db.transaction('rw', db.outbox, db.sealedBatches, async () => {
    for (const batch of batches) {
      await db.sealedBatches.put(batch)
      await db.outbox
        .where('mutationId')
        .anyOf(batch.mutationIds)
        .modify((e: OutboxEntry) => {
          e.status = 'sealed'
          e.sealedBatchId = batch.batchId
          delete e.batchId
        })
    }
  })
}

/** Sealed batches waiting to upload, oldest first. */
export async function listSealedBatches(db: RelaisDb): Promise<SealedBatchRow[]> {
  return db.sealedBatches.orderBy('createdAt').toArray()
}

/**
 * Applies the answer to a sealed batch: statuses and revs go to the rows' clear fields,
 * answered entries leave (rejected ones are parked), unanswered ones go back to the
 * queue, and the batch is done. Works locked: nothing is decrypted.
 */
export async function applySealedResults(
  db: RelaisDb,
  batch: SealedBatchRow,
  results: Parameters<typeof applyPushResults>[2],
): Promise<AckSummary> {
  const entries = (await db.outbox.where('mutationId').anyOf(batch.mutationIds).toArray()).filter(
    (e) => e.sealedBatchId === batch.batchId,
  )
  const summary = await applyPushResults(db, entries, results)
  await db.transaction('rw', db.outbox, db.sealedBatches, async () => {
    await db.outbox
      .where('sealedBatchId')
      .equals(batch.batchId)
      .modify((e: OutboxEntry) => {
        if (e.status === 'sealed') e.status = 'queued'
        delete e.sealedBatchId
      })
    await db.sealedBatches.delete(batch.batchId)
  })
  return summary
}
