/**
 * Runs inside the app's page during `npm run bench:flow` (bundled by page-script.ts from
 * the app's own sources, like 2g-page.ts): what the phone holds of the flow monitoring
 * point, read from IndexedDB through the app's data layer, without decrypting anything.
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
