/**
 * Runs inside the app's page during `npm run bench:flow` (bundled by page-script.ts from
 * the app's own sources, like 2g-page.ts): what the phone holds of the flow monitoring
 * point, read from IndexedDB through the app's data layer, without decrypting anything;
 * and the moment each tally's write commits.
 */
import './2g-page-jitless' // first: before any schema is built
import { openUserDb } from '@/data/db'
import { currentSession } from '@/session/session'

export interface FlowState {
  /** Tallies of the point stored on the phone. */
  stored: number
  /** Of which the server has (pulled, or acknowledged). */
  sent: number
  /** Of which findable by site and day (the index Today reads). */
  indexed: number
}

export async function flowState(siteCode: string): Promise<FlowState> {
  const session = await currentSession()
  if (!session) throw new Error('nobody is signed in on this page')
  const db = openUserDb(session.user.id)
  const rows = await db.flowCounts.toArray()
  const here = rows.filter((row) => row.siteCode === siteCode)
  return {
    stored: here.length,
    sent: here.filter((row) => row.state === 'sent').length,
    indexed: here.filter((row) => row.siteDay !== undefined).length,
  }
}

/**
 * From now on, tells the window when a write to the tallies commits: IndexedDB's own
 * `complete` event, heard first, as the window event `eventName` with the moment
 * (`performance.now()`) as its detail. (Dexie announces a commit on the window too, but
 * only after it has woken the live queries it concerns, a few milliseconds later.)
 */
export function watchTallyCommits(eventName: string): void {
  const proto = IDBDatabase.prototype as IDBDatabase & { benchWatched?: boolean }
  if (proto.benchWatched) return
  proto.benchWatched = true
  const transaction = proto.transaction
  proto.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
    const tx = transaction.apply(this, args)
    const [stores, mode] = args
    const names = typeof stores === 'string' ? [stores] : [...stores]
    if (mode === 'readwrite' && names.includes('flowCounts')) {
      // added before Dexie sets its own handler: heard first
      tx.addEventListener('complete', () => {
        dispatchEvent(new CustomEvent(eventName, { detail: performance.now() }))
      })
    }
    return tx
  }
}
