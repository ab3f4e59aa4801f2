/**
 * What any write costs in the bench's browser on this machine, whatever the app does: a
 * bare IndexedDB read-write transaction, in a page of its own (the app's origin, the same
 * CPU throttle on its main thread, no app running in it), adding one row to each of a few
 * stores, timed from the request until `complete` as the benches time a save. A save's
 * time is read against it: the save holds this write, plus the app's own work.
 */
import type { BrowserContext } from 'playwright-core'
import { percentile } from './percentile'

export interface WriteFloorOptions {
  /** Stores written in each transaction, one row each (a tally's save writes three). */
  stores: number
  /** Bytes of each row's payload (a sealed record's size). */
  rowBytes: number
  writes?: number
  /** Between two writes, as a user's taps are apart. */
  pauseMs?: number
}

export interface WriteFloor {
  p50: number
  p95: number
  writes: number
}

/**
 * Measures the floor in a new page of `context` at `url` (any page of the app's origin
 * that does not start the app, such as its manifest), throttled `rate` times.
 */
export async function measureWriteFloor(
  context: BrowserContext,
  url: URL,
  rate: number,
  options: WriteFloorOptions,
): Promise<WriteFloor> {
  const page = await context.newPage()
  try {
    await page.goto(url.href)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate })
    const times = await page.evaluate(bareWrites, {
      stores: options.stores,
      rowBytes: options.rowBytes,
      writes: options.writes ?? 40,
      pauseMs: options.pauseMs ?? 200,
      database: `relais-bench-floor-${Date.now()}`,
    })
    return { p50: percentile(times, 50), p95: percentile(times, 95), writes: times.length }
  } finally {
    await page.close()
  }
}

/**
 * In the page: `writes` transactions, each adding one row of `rowBytes` to each of `stores`
 * stores of a new database (deleted after), `pauseMs` apart; answers each one's time. (No
 * named function inside: the bench's transpiler would wrap it in a helper the page lacks.)
 */
async function bareWrites(options: {
  stores: number
  rowBytes: number
  writes: number
  pauseMs: number
  database: string
}): Promise<number[]> {
  const names = Array.from({ length: options.stores }, (_, i) => `store${i}`)
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(options.database, 1)
    request.onupgradeneeded = () => {
      for (const name of names) request.result.createObjectStore(name, { keyPath: 'id' })
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  const times: number[] = []
  try {
    for (let n = 0; n < options.writes; n++) {
      await new Promise((resolve) => setTimeout(resolve, options.pauseMs))
      const payload = crypto.getRandomValues(new Uint8Array(options.rowBytes))
      const start = performance.now()
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(names, 'readwrite')
        for (const name of names)
          tx.objectStore(name).add({ id: `${name}-${n}`, at: new Date().toISOString(), payload })
        tx.oncomplete = () => resolve()
        tx.onerror = () => reject(tx.error)
        tx.onabort = () => reject(tx.error)
      })
      times.push(performance.now() - start)
    }
  } finally {
    db.close()
    indexedDB.deleteDatabase(options.database)
  }
  return times
}
