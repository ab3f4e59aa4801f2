/**
 * Checks, seals and stores the pages of one pull. A new phone pulls tens of thousands of
 * records: pages of many changes go to two dedicated workers in turn (pull-worker.ts),
 * each with its own connection to the user's database. While one stores its page, the
 * other checks and seals the next; the page's thread only hands pages over and is told
 * what each stored (worker-writes.ts), so the screens stay drawn and a phone's cores
 * share the work. Pages are still stored one after the other, each with its cursor.
 *
 * A small page, a browser without workers, a worker that cannot start (offline, its
 * file not cached) or that fails: the page and the later ones are checked, sealed and
 * stored here, as before, and nothing is lost.
 */
import type { PulledChange } from '@/shared/schemas/sync'
import type { RelaisDb } from './db'
import { keysOf } from './protect'
import { preparePage, storePreparedPage, type PullSummary } from './pull-apply'
import type { PullWorkerReply, PullWorkerRequest, StoredReply } from './pull-worker-handler'
import { announceWorkerWrites } from './worker-writes'

export type { PullWorkerReply, PullWorkerRequest } from './pull-worker-handler'

/** A worker's side of the messages, as `new Worker` gives it (a test may give another). */
export interface PullWorker {
  postMessage(request: PullWorkerRequest): void
  onmessage: ((event: MessageEvent<PullWorkerReply>) => void) | null
  onerror: ((event: Event) => void) | null
  onmessageerror: ((event: MessageEvent) => void) | null
  terminate(): void
}

/**
 * Pages smaller than this are done here: starting a worker costs more than they do.
 * Once a pull has started its workers, its later pages go there whatever their size.
 */
export const WORKER_MIN_CHANGES = 100

/** Workers per pull: one stores a page while the other prepares the next. */
export const PULL_WORKERS = 2

/** A page on its way: checked and sealed (or being), stored when its turn comes. */
export interface PullPage {
  /** Stores the page and then `cursor`, once the pages before it are stored. */
  store(cursor: string): Promise<PullSummary>
}

export interface PullWorkers {
  /** Starts checking and sealing `changes`; throws LockedError while locked. */
  prepare(changes: readonly PulledChange[]): PullPage
  /** Ends the workers (and the data key they hold), if any was started. */
  close(): void
}

/** The app's worker; null where there is none (Node, an old browser). */
function startWorker(): PullWorker | null {
  if (typeof Worker === 'undefined') return null
  return new Worker(new URL('./pull-worker.ts', import.meta.url), { type: 'module', name: 'pull' }) as PullWorker
}

class WorkerFailed extends Error {}

export function pullWorkers(db: RelaisDb, start: () => PullWorker | null = startWorker): PullWorkers {
  /** undefined: not started yet; null: none, or one failed (pages are done here). */
  let workers: PullWorker[] | null | undefined
  const waiting = new Map<number, { resolve: (answer: StoredReply) => void; reject: (error: unknown) => void }>()
  let nextId = 0

  /** Once per pull: the workers stop, and what waited for them is done here. */
  const fail = (why: string) => {
    if (workers === null) return
    // nothing is lost (the pages are done here), but a pull slower than it could be is worth a word
    console.warn(`The pull's workers stopped (${why}): pages are stored by the page's thread`)
    for (const worker of workers ?? []) worker.terminate()
    workers = null
    for (const { reject } of waiting.values()) reject(new WorkerFailed(why))
    waiting.clear()
  }

  const started = (): PullWorker[] | null => {
    if (workers !== undefined) return workers
    const list: PullWorker[] = []
    workers = list
    try {
      for (let i = 0; i < PULL_WORKERS; i++) {
        const worker = start()
        if (!worker) break
        list.push(worker)
        worker.onmessage = ({ data: reply }) => {
          const pending = waiting.get(reply.id)
          waiting.delete(reply.id)
          if ('error' in reply) pending?.reject(new WorkerFailed(reply.error))
          else pending?.resolve(reply)
        }
        worker.onerror = () => fail('a worker failed')
        worker.onmessageerror = () => fail('a message could not be read')
      }
    } catch (error) {
      fail(`it could not start: ${error instanceof Error ? error.message : String(error)}`)
      return null
    }
    if (list.length === 0) workers = null // no workers here: quietly, as it always was
    return workers
  }

  /** The page done entirely here: prepared now, stored when its turn comes. */
  const here = (changes: readonly PulledChange[]): PullPage => {
    const prepared = preparePage(db, changes)
    prepared.catch(() => undefined) // its failure is the store's
    return { store: async (cursor) => storePreparedPage(db, await prepared, cursor) }
  }

  const inWorker = (changes: readonly PulledChange[], worker: PullWorker, dataKey: CryptoKey): PullPage => {
    const id = nextId++
    worker.postMessage({ kind: 'prepare', id, userId: db.userId, dataKey, retentionDays: db.retentionDays, changes })
    return {
      async store(cursor) {
        keysOf(db) // locked since the page was sent: nothing is stored
        if (workers === null) return here(changes).store(cursor) // they failed meanwhile
        try {
          const answer = await new Promise<StoredReply>((resolve, reject) => {
            waiting.set(id, { resolve, reject })
            worker.postMessage({ kind: 'store', id, cursor })
          })
          announceWorkerWrites(db, answer.written)
          return answer.summary
        } catch (error) {
          if (!(error instanceof WorkerFailed)) throw error
          fail(error.message)
          // stored here, whole: a worker that failed after its page committed left rows
          // this page changes no more (a pulled change at or below a row's rev changes
          // nothing), which the case index then learns at the next unlock
          return here(changes).store(cursor)
        }
      },
    }
  }

  return {
    prepare(changes) {
      const keys = keysOf(db) // throws LockedError while locked, as here
      const list = keys && (changes.length >= WORKER_MIN_CHANGES || workers) ? started() : null
      if (!keys || !list) return here(changes)
      return inWorker(changes, list[nextId % list.length] as PullWorker, keys.dataKey)
    },
    close() {
      for (const worker of workers ?? []) worker.terminate()
      workers = null
      // a page still in a worker is not stored: its caller has stopped waiting for it
      for (const { reject } of waiting.values()) reject(new Error('The pull ended'))
      waiting.clear()
    },
  }
}
