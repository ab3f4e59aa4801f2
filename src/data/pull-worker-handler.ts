/**
 * What a pull worker does with the page's messages (pull-workers.ts): a page is checked
 * and sealed as soon as it comes (pulled-change.ts), then stored with its cursor through
 * the worker's own connection when the page's thread says it is its turn (pull-apply.ts),
 * and what it wrote is answered. Apart from the worker's file (pull-worker.ts), so that a
 * test can run it in its own thread.
 */
import type { PulledChange } from '@/shared/schemas/sync'
import { RelaisDb } from './db'
import { storePage, type PullSummary } from './pull-apply'
import { prepareChangeWith, type PreparedChange } from './pulled-change'
import type { WrittenRow } from './worker-writes'

export type PullWorkerRequest =
  /** check and seal this page now, under this key, into this user's database */
  | {
      kind: 'prepare'
      id: number
      userId: string
      dataKey: CryptoKey
      retentionDays: number
      changes: readonly PulledChange[]
    }
  /** the pages before are stored: store this one and its cursor */
  | { kind: 'store'; id: number; cursor: string }

/** A page stored: how many of its changes did what, and the rows the page's thread keeps track of. */
export interface StoredReply {
  id: number
  summary: PullSummary
  written: WrittenRow[]
}

export type PullWorkerReply = StoredReply | { id: number; error: string }

/** The worker's answers go to `reply`; the function returned takes its requests. */
export function pullWorkerHandler(
  reply: (message: PullWorkerReply) => void,
): (request: PullWorkerRequest) => Promise<void> {
  const pages = new Map<number, Promise<PreparedChange[]>>()
  let db: RelaisDb | undefined
  return async (request) => {
    if (request.kind === 'prepare') {
      const { id, userId, dataKey, retentionDays, changes } = request
      // its own connection, which leaves sealing the days again to the page's thread
      db ??= new RelaisDb(userId, { sealsFlowDays: false })
      const prepared = Promise.all(changes.map((change) => prepareChangeWith(dataKey, retentionDays, change)))
      prepared.catch(() => undefined) // a failure is answered when the page's turn comes
      pages.set(id, prepared)
      return
    }
    const { id, cursor } = request
    const prepared = pages.get(id)
    pages.delete(id)
    try {
      if (!prepared || !db) throw new Error(`page ${id} was never sent`)
      const { summary, written } = await storePage(db, await prepared, cursor)
      reply({ id, summary, written })
    } catch (error) {
      reply({ id, error: error instanceof Error ? error.message : String(error) })
    }
  }
}
