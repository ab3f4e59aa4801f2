/**
 * Runs inside the app's page during `npm run bench:2g`: the app's own data layer
 * (saveRecord: the record and its outbox entry in one transaction), bundled by the bench
 * from the same sources as the app and injected as a script, so the app's bundle carries
 * no test hook. Dexie shares one instance per page (its import wrapper), so the app's
 * live queries see these writes like any other.
 */
import './2g-page-jitless' // first: before any schema is built
import { liveQuery } from 'dexie'
import { openUserDb } from '@/data/db'
import { pendingCount } from '@/data/outbox'
import { saveRecord } from '@/data/records'
import { getSyncStatus, type SyncStatus } from '@/data/sync-status'
import { waitingRecordCount } from '@/data/waiting-records'
import { currentSession } from '@/session/session'
import type { Registration } from '@/shared/schemas/registration'

async function signedInDb() {
  const session = await currentSession()
  if (!session) throw new Error('nobody is signed in on this page')
  return openUserDb(session.user.id)
}

/** The signed-in user's id (the bench's registrations name them as the registrar). */
export async function signedInUserId(): Promise<string> {
  const session = await currentSession()
  if (!session) throw new Error('nobody is signed in on this page')
  return session.user.id
}

/** Saves each registration as the form's save does; returns how many wait to be sent. */
export async function queueRegistrations(records: Registration[]): Promise<number> {
  const db = await signedInDb()
  for (const record of records) await saveRecord(db, 'registration', record)
  return pendingCount(db)
}

export interface QueueState {
  pending: number
  sent: number
  status: SyncStatus
}

export async function queueState(): Promise<QueueState> {
  const db = await signedInDb()
  const [pending, sent, status] = await Promise.all([
    pendingCount(db),
    db.registrations.where('state').equals('sent').count(),
    getSyncStatus(db),
  ])
  return { pending, sent, status }
}

/**
 * Resolves with the number of registrations stored as sent once it reaches `count`: told
 * by the commits that change them (Dexie's live query), so that waiting costs the page
 * one count per commit rather than a poll every few hundred milliseconds.
 */
export async function waitForSent(count: number): Promise<number> {
  const db = await signedInDb()
  return new Promise<number>((resolve, reject) => {
    let done = false
    const subscription = liveQuery(() => db.registrations.where('state').equals('sent').count()).subscribe({
      next(sent) {
        if (done || sent < count) return
        done = true
        queueMicrotask(() => subscription.unsubscribe())
        resolve(sent)
      },
      error: reject,
    })
  })
}

/**
 * What the sync chip's count costs with the queue as it is: `runs` readings of the records
 * waiting (what the chip shows since it counts records: every waiting entry is read) and,
 * beside them, of the bare count of waiting entries (an index count), in ms each.
 */
export async function waitingCountTimes(runs: number): Promise<{ records: number[]; entries: number[] }> {
  const db = await signedInDb()
  const time = async (read: () => Promise<number>) => {
    const start = performance.now()
    await read()
    return performance.now() - start
  }
  const records: number[] = []
  const entries: number[] = []
  for (let i = 0; i < runs; i++) {
    records.push(await time(() => waitingRecordCount(db)))
    entries.push(await time(() => pendingCount(db)))
  }
  return { records, entries }
}
