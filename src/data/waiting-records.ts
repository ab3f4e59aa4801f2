/**
 * How many records wait to be sent, as the user counts what they saved: the sync chip,
 * its panel, the sign-out warning, a courier file's receipt and the sync's progress say
 * this. The outbox holds protocol mutations, more of them than the user made: a record
 * edited twice waits as two, and a case's timeline event is saved as a record of its
 * own beside the change it notes (an edit, a status, a referral's outcome). So a record
 * counts once, however many of its changes wait, and a timeline event counts with the
 * change it notes, saved at the same instant; by itself only when that change no longer
 * waits (sent already, or the save stopped between the two).
 *
 * What the phone reports to the server for Devices (`queue.pending`, queue-report.ts)
 * stays the protocol's count of mutations: sync-protocol.md, rule 6.
 */
import type { RelaisDb } from './db'
import type { OutboxEntry, OutboxStatus } from './outbox-entry'

/** The statuses of entries still waiting to be sent (parked ones need attention instead). */
const WAITING: OutboxStatus[] = ['queued', 'sealed']

type Counted = Pick<OutboxEntry, 'entity' | 'recordId' | 'at'>

/** The records the entries change, a timeline event counted with the change saved with it. */
export function recordsIn(entries: readonly Counted[]): number {
  const records = new Set<string>()
  const instants = new Set<string>()
  for (const e of entries) {
    if (e.entity === 'caseEvent') continue
    records.add(`${e.entity}:${e.recordId}`)
    instants.add(e.at)
  }
  for (const e of entries) if (e.entity === 'caseEvent' && !instants.has(e.at)) records.add(`${e.entity}:${e.recordId}`)
  return records.size
}

/** The index (db.ts v9) whose keys hold what the count needs: no entry's data is read. */
const WAITING_INDEX = '[status+entity+recordId+at]'

/**
 * Records with a change waiting to be sent, sealed ones included. Reads the keys of an
 * index of clear fields only, so it works locked too, and costs little however long the
 * queue (the sync chip reads it again after every save).
 */
export async function waitingRecordCount(db: RelaisDb): Promise<number> {
  const lists = await Promise.all(
    WAITING.map((status) =>
      // every key [status, …] of one status: an array sorts after any string, so
      // [status, []] bounds them all (IndexedDB's key order)
      db.outbox.where(WAITING_INDEX).between([status], [status, []]).keys(),
    ),
  )
  return recordsIn(
    lists.flat().map((key) => {
      const [, entity, recordId, at] = key as unknown as [OutboxStatus, Counted['entity'], string, string]
      return { entity, recordId, at }
    }),
  )
}
