/**
 * What signing out with an erase would lose: a phone handed to someone else should not
 * keep the last user's data, but the erase must never take work the server does not
 * have. Three kinds of it stop the erase: records not sent yet (queued or sealed, or
 * saved without a queued change: the save stopped halfway), records waiting for the
 * user's decision (refused or changed on the server too), and changes the server refused
 * and keeps for a supervisor (parked: the phone still asks about them). Drafts, forms
 * never finished nor sent, do not stop it: the user is told how many go, and chooses.
 * Everything is counted from clear fields and index keys: nothing is opened, so it works
 * locked too.
 */
import { allRecordTables, eraseReadableData, type RelaisDb } from './db'
import { attentionCount } from './attention'
import { waitingRecordCount } from './waiting-records'

export interface LeftBehind {
  /** Records with changes not sent yet. */
  unsent: number
  /** Records refused by the server or changed there too, waiting for this user. */
  attention: number
  /** Refused changes kept for a supervisor's decision, of records not counted in `attention`. */
  held: number
  /** Forms begun and never saved as a record. */
  drafts: number
}

/** Records saved here whose change is not in the queue (a save that stopped halfway): not sent either. */
async function pendingRows(db: RelaisDb): Promise<string[]> {
  const keys = await Promise.all(
    allRecordTables(db).map((table) => table.where('state').equals('pending').primaryKeys()),
  )
  return keys.flat().map(String)
}

export async function leftBehind(db: RelaisDb): Promise<LeftBehind> {
  const [waiting, batches, pending, attention, parked, drafts, needing] = await Promise.all([
    waitingRecordCount(db),
    db.sealedBatches.count(),
    pendingRows(db),
    attentionCount(db),
    db.outbox.where('[status+seq]').between(['parked', -Infinity], ['parked', Infinity]).toArray(),
    db.drafts.count(),
    Promise.all(
      allRecordTables(db).map((table) => table.where('state').anyOf('rejected', 'conflict').primaryKeys()),
    ).then((keys) => new Set(keys.flat().map(String))),
  ])
  const held = new Set(parked.map((entry) => entry.recordId).filter((id) => !needing.has(id)))
  // a sealed batch whose entries are not counted (it should not be) still waits to upload
  const unsent = Math.max(waiting, pending.length, batches > 0 ? 1 : 0)
  return { unsent, attention, held: held.size, drafts }
}

/** Whether erasing would lose work the server does not have (drafts aside: the user is asked). */
export function keepsUnsentWork(left: LeftBehind): boolean {
  return left.unsent + left.attention + left.held > 0
}

/**
 * Erases the user's readable data here (records, queue, drafts, figures; the case-number
 * counter stays, so that numbers never repeat: db.ts) when nothing of it waits for the
 * server, checked in the same transaction, so that nothing saved meanwhile is lost.
 * Returns what it found: erased only when `keepsUnsentWork` is false.
 */
export async function eraseIfNothingWaits(db: RelaisDb): Promise<{ erased: boolean; left: LeftBehind }> {
  const tables = [
    ...allRecordTables(db),
    db.outbox,
    db.drafts,
    db.meta,
    db.sealedBatches,
    db.heldChanges,
    db.flowDays,
    db.flowDayMarks,
  ]
  return db.transaction('rw', tables, async () => {
    const left = await leftBehind(db)
    if (keepsUnsentWork(left)) return { erased: false, left }
    await eraseReadableData(db)
    return { erased: true, left }
  })
}
