/**
 * Reads, checks, seals and stores the pages of one pull. A new phone pulls tens of
 * thousands of records: pages of many changes go to two dedicated workers in turn
 * (pull-worker.ts), each with its own connection to the user's database. While one stores
 * its page, the other reads, checks and seals the next; the page's thread only hands the
 * server's text over, learns where the pull goes on from, and is told what each page
 * stored (worker-writes.ts), so the screens stay drawn and a phone's cores share the
 * work. Pages are still stored one after the other, each with its cursor: a worker says
 * its page is stored as soon as it has committed, and the next page's turn comes then,
 * while what it wrote is still on its way to the page's thread.
 *
 * A small page, a page already parsed, a browser without workers, a worker that cannot
 * start (offline, its file not cached) or that fails: the page (and after a failure, the
 * later ones) is checked, sealed and stored here, and nothing is lost.
 */
import type { PulledChange } from '@/shared/schemas/sync'
import type { RelaisDb } from './db'
import { isReadable, keysOf } from './protect'
import { preparePage, storePreparedPage, type PullSummary } from './pull-apply'
import type { PullWorkerReply, PullWorkerRequest, ReadReply, StoredReply } from './pull-worker-handler'
import { headerOf, readPulledPage, type PageHeader } from './pulled-page'
import { announceWorkerWrites, type WrittenRow } from './worker-writes'

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
 * Pages of fewer changes than this are done here: starting a worker costs more than they
 * do. Once a pull has started its workers, its later pages go there whatever their size.
 */
export const WORKER_MIN_CHANGES = 100

/** The same, told by the length of a page's text (a change is 400 to 700 characters). */
export const WORKER_MIN_CHARS = WORKER_MIN_CHANGES * 500

/** Workers per pull: one stores a page while the other prepares the next. */
export const PULL_WORKERS = 2

/** A page on its way: checked and sealed (or being), stored when its turn comes. */
export interface PullPage {
  /**
   * Stores the page and then `cursor`, once the pages before it are stored. What it wrote
   * may reach the page's thread a moment later: `told()` says when it has.
   */
  store(cursor: string): Promise<PullSummary>
}

/** A page read from the server's text: where the pull goes on from, and the page on its way. */
export type ReadPage = ({ ok: true; page: PullPage } & PageHeader) | { ok: false }

export interface PullWorkers {
  /**
   * Reads a page as the server sent it (`ok: false` when it is not a pull page) and starts
   * checking and sealing its changes. A big page is read in a worker: the page's thread
   * never parses it, nor copies its records to the worker. Throws LockedError while locked.
   */
  read(text: string): Promise<ReadPage>
  /**
   * A page already parsed (a transport that gives no text): checked, sealed and stored on
   * this thread. Throws LockedError while locked.
   */
  prepare(changes: readonly PulledChange[]): PullPage
  /** Resolves once the page's thread has been told what every page stored so far wrote. */
  told(): Promise<void>
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
  const waiting = new Map<
    number,
    { resolve: (answer: StoredReply | ReadReply) => void; reject: (error: unknown) => void }
  >()
  let nextId = 0
  /** Pages stored in a worker whose written rows are yet to come, by page. */
  const writtenBy = new Map<number, (rows: readonly WrittenRow[]) => void>()
  /** The written rows told to the page's thread one page after the other, in the pages' order. */
  let telling: Promise<void> = Promise.resolve()
  /**
   * A worker that stops between its page's two answers leaves that page's rows untold:
   * the case index learns them at the next unlock, as it learns any row written elsewhere.
   */
  const forgetUntold = () => {
    for (const resolve of writtenBy.values()) resolve([])
    writtenBy.clear()
  }

  /** Once per pull: the workers stop, and what waited for them is done here. */
  const fail = (why: string) => {
    if (workers === null) return
    // nothing is lost (the pages are done here), but a pull slower than it could be is worth a word
    console.warn(`The pull's workers stopped (${why}): pages are stored by the page's thread`)
    for (const worker of workers ?? []) worker.terminate()
    workers = null
    for (const { reject } of waiting.values()) reject(new WorkerFailed(why))
    waiting.clear()
    forgetUntold()
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
          if ('kind' in reply && reply.kind === 'written') {
            writtenBy.get(reply.id)?.(reply.written)
            return void writtenBy.delete(reply.id)
          }
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

  const readHere = (text: string): ReadPage => {
    const page = readPulledPage(text)
    return page ? { ok: true, ...headerOf(page), page: here(page.changes) } : { ok: false }
  }

  /** Sends `request` and waits for the worker's answer to it. */
  const ask = <R extends StoredReply | ReadReply>(worker: PullWorker, request: PullWorkerRequest) =>
    new Promise<R>((resolve, reject) => {
      waiting.set(request.id, { resolve: resolve as (answer: StoredReply | ReadReply) => void, reject })
      worker.postMessage(request)
    })

  /** Page `id`, read by `worker` from `text`, which is done here if the workers fail meanwhile. */
  const inWorker = (id: number, worker: PullWorker, text: string): PullPage => ({
    async store(cursor) {
      keysOf(db) // locked since the page was sent: nothing is stored
      const changes = () => readPulledPage(text)?.changes ?? []
      if (workers === null) return here(changes()).store(cursor) // they failed meanwhile
      const written = new Promise<readonly WrittenRow[]>((resolve) => writtenBy.set(id, resolve))
      try {
        const answer = await ask<StoredReply>(worker, { kind: 'store', id, cursor })
        // told after the pages before it; nothing in clear is handed on once locked
        telling = telling
          .then(() => written)
          .then((rows) => {
            if (isReadable(db)) announceWorkerWrites(db, rows)
          })
        return answer.summary
      } catch (error) {
        writtenBy.delete(id)
        if (!(error instanceof WorkerFailed)) throw error
        fail(error.message)
        // stored here, whole: a worker that failed after its page committed left rows
        // this page changes no more (a pulled change at or below a row's rev changes
        // nothing), which the case index then learns at the next unlock
        return here(changes()).store(cursor)
      }
    },
  })

  return {
    async read(text) {
      const keys = keysOf(db) // throws LockedError while locked, as here
      const list = keys && (text.length >= WORKER_MIN_CHARS || workers) ? started() : null
      if (!keys || !list) return readHere(text)
      const worker = list[nextId % list.length] as PullWorker
      const id = nextId++
      let answer: ReadReply
      try {
        answer = await ask<ReadReply>(worker, {
          kind: 'read',
          id,
          userId: db.userId,
          dataKey: keys.dataKey,
          retentionDays: db.retentionDays,
          text,
        })
      } catch (error) {
        if (!(error instanceof WorkerFailed)) throw error
        fail(error.message)
        return readHere(text)
      }
      if (!answer.page) return { ok: false }
      return { ok: true, ...answer.page, page: inWorker(id, worker, text) }
    },
    prepare(changes) {
      keysOf(db) // throws LockedError while locked
      return here(changes)
    },
    told() {
      return telling
    },
    close() {
      for (const worker of workers ?? []) worker.terminate()
      workers = null
      // a page still in a worker is not stored: its caller has stopped waiting for it
      for (const { reject } of waiting.values()) reject(new Error('The pull ended'))
      waiting.clear()
      forgetUntold()
    },
  }
}
