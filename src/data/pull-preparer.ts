/**
 * Prepares the pages of one pull (pulled-change.ts). A page of many changes is prepared
 * in a dedicated worker (pull-prepare-worker.ts): checking and sealing a new phone's tens
 * of thousands of records then runs beside the page's thread, which stores the page
 * before and keeps the screens drawn. A small page, a browser without workers, a worker
 * that cannot start (offline, its file not cached) or that fails: the page is prepared
 * here, as before, and nothing is lost.
 */
import type { PulledChange } from '@/shared/schemas/sync'
import type { RelaisDb } from './db'
import { keysOf } from './protect'
import { notePrepared, preparePage } from './pull-apply'
import type { PreparedChange } from './pulled-change'

/** Each kind of P without its change (distributed over the union). */
type WithoutChange<P> = P extends unknown ? Omit<P, 'change'> : never
/** What the worker makes of a change: the change itself stays here. */
type Made = WithoutChange<PreparedChange>

export interface PrepareRequest {
  id: number
  dataKey: CryptoKey
  retentionDays: number
  changes: readonly PulledChange[]
}

export type PrepareReply = { id: number; prepared: Made[] } | { id: number; error: string }

/** The worker's side of the messages, as `new Worker` gives it (a test may give another). */
export interface PrepareWorker {
  postMessage(request: PrepareRequest): void
  onmessage: ((event: MessageEvent<PrepareReply>) => void) | null
  onerror: ((event: Event) => void) | null
  onmessageerror: ((event: MessageEvent) => void) | null
  terminate(): void
}

/**
 * Pages smaller than this are prepared here: starting a worker costs more than they do.
 * Once a pull has started its worker, its later pages go there whatever their size.
 */
export const WORKER_MIN_CHANGES = 100

export interface PullPreparer {
  prepare(changes: readonly PulledChange[]): Promise<PreparedChange[]>
  /** Ends the worker (and the data key it holds), if one was started. */
  close(): void
}

/** The app's worker; null where there is none (Node, an old browser). */
function startWorker(): PrepareWorker | null {
  if (typeof Worker === 'undefined') return null
  return new Worker(new URL('./pull-prepare-worker.ts', import.meta.url), {
    type: 'module',
    name: 'pull-prepare',
  }) as PrepareWorker
}

class WorkerFailed extends Error {}

export function pullPreparer(db: RelaisDb, start: () => PrepareWorker | null = startWorker): PullPreparer {
  /** undefined: not started yet; null: none, or it failed (pages are prepared here). */
  let worker: PrepareWorker | null | undefined
  const waiting = new Map<number, { resolve: (made: Made[]) => void; reject: (error: unknown) => void }>()
  let nextId = 0

  /** Once per pull: the worker stops, and what waited for it is prepared here. */
  const fail = (why: string) => {
    if (worker === null) return
    // nothing is lost (the pages are prepared here), but a pull that is slower than it could be is worth a word
    console.warn(`The pull's worker stopped (${why}): pages are prepared on the page's thread`)
    worker?.terminate()
    worker = null
    for (const { reject } of waiting.values()) reject(new WorkerFailed(why))
    waiting.clear()
  }

  const ready = (): PrepareWorker | null => {
    if (worker !== undefined) return worker
    try {
      worker = start()
    } catch (error) {
      fail(`it could not start: ${error instanceof Error ? error.message : String(error)}`)
    }
    if (!worker) return (worker = null)
    worker.onmessage = ({ data: reply }) => {
      const pending = waiting.get(reply.id)
      waiting.delete(reply.id)
      if ('error' in reply) pending?.reject(new WorkerFailed(reply.error))
      else pending?.resolve(reply.prepared)
    }
    worker.onerror = () => fail('the worker failed')
    worker.onmessageerror = () => fail('a message could not be read')
    return worker
  }

  const inWorker = async (changes: readonly PulledChange[], target: PrepareWorker): Promise<PreparedChange[]> => {
    const keys = keysOf(db) // throws LockedError while locked, as here
    if (!keys) return preparePage(db, changes)
    const id = nextId++
    const made = await new Promise<Made[]>((resolve, reject) => {
      waiting.set(id, { resolve, reject })
      target.postMessage({ id, dataKey: keys.dataKey, retentionDays: db.retentionDays, changes })
    })
    if (made.length !== changes.length) throw new WorkerFailed('the worker answered another page')
    // the answer's objects are this thread's own copies: each takes its change back in place
    return made.map((item, i) => {
      const prepared = Object.assign(item, { change: changes[i] as PulledChange }) as PreparedChange
      notePrepared(db, prepared)
      return prepared
    })
  }

  return {
    async prepare(changes) {
      const target = changes.length >= WORKER_MIN_CHANGES || worker ? ready() : null
      if (!target) return preparePage(db, changes)
      try {
        return await inWorker(changes, target)
      } catch (error) {
        if (!(error instanceof WorkerFailed)) throw error
        fail(error.message) // the rest of the pull is prepared here
        return preparePage(db, changes)
      }
    },
    close() {
      worker?.terminate()
      worker = null
      // a page still in the worker is not stored: its caller has stopped waiting for it
      for (const { reject } of waiting.values()) reject(new Error('The pull ended'))
      waiting.clear()
    },
  }
}
