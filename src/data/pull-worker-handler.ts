/**
 * What a pull worker does with the page's messages (pull-workers.ts): a page is read from
 * the server's text (pulled-page.ts), checked and sealed as soon as it comes
 * (pulled-change.ts), then stored with its cursor through the worker's own connection
 * when the page's thread says it is its turn (pull-apply.ts): that it is stored is
 * answered, then what it wrote. Apart from the worker's file (pull-worker.ts), so that a
 * test can run it in its own thread.
 */
import { RelaisDb } from './db'
import { storePage, type PullSummary } from './pull-apply'
import { headerOf, readPulledPage, type PageHeader } from './pulled-page'
import { prepareChangeWith, type PreparedChange } from './pulled-change'
import type { WrittenRow } from './worker-writes'

export type PullWorkerRequest =
  /** read this page as the server sent it, say where the pull goes on from, then check and seal it, under this key, for this user's database */
  | { kind: 'read'; id: number; userId: string; dataKey: CryptoKey; retentionDays: number; text: string }
  /** the pages before are stored: store this one and its cursor */
  | { kind: 'store'; id: number; cursor: string }

/**
 * A page stored: how many of its changes did what. Answered as soon as the page has
 * committed, so that the next page's turn comes at once; what it wrote follows.
 */
export interface StoredReply {
  id: number
  kind: 'stored'
  summary: PullSummary
}

/** What a stored page wrote of the rows the page's thread keeps track of (right after its StoredReply). */
export interface WrittenReply {
  id: number
  kind: 'written'
  written: WrittenRow[]
}

/** A page's text read: its cursor and size, or null when it is not a pull page (nothing more comes of it). */
export interface ReadReply {
  id: number
  kind: 'read'
  page: PageHeader | null
}

export type PullWorkerReply = StoredReply | WrittenReply | ReadReply | { id: number; error: string }

/** The worker's answers go to `reply`; the function returned takes its requests. */
export function pullWorkerHandler(
  reply: (message: PullWorkerReply) => void,
): (request: PullWorkerRequest) => Promise<void> {
  const pages = new Map<number, Promise<PreparedChange[]>>()
  let db: RelaisDb | undefined
  return async (request) => {
    if (request.kind === 'read') {
      const { id, userId, dataKey, retentionDays, text } = request
      const page = readPulledPage(text)
      // the page's thread fetches the next page as soon as it knows where that one starts
      reply({ id, kind: 'read', page: page ? headerOf(page) : null })
      if (!page) return
      // its own connection, which leaves sealing the days again to the page's thread
      db ??= new RelaisDb(userId, { sealsFlowDays: false })
      const prepared = Promise.all(page.changes.map((change) => prepareChangeWith(dataKey, retentionDays, change)))
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
      // two messages: the small one is read at once, while this page's rows are still being copied
      reply({ id, kind: 'stored', summary })
      reply({ id, kind: 'written', written })
    } catch (error) {
      reply({ id, error: error instanceof Error ? error.message : String(error) })
    }
  }
}
