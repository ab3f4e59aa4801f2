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
    const writes: BareWrites = {
      database: `relais-bench-floor-${Date.now()}`,
      stores: Array.from({ length: options.stores }, (_, i) => ({ name: `store${i}`, indexes: [] })),
      transactions: options.writes ?? 40,
      rowsPerStore: 1,
      rowBytes: options.rowBytes,
      pauseMs: options.pauseMs ?? 200,
      shape: 'small',
    }
    const times = await page.evaluate(timeBareWrites, writes)
    return { p50: percentile(times, 50), p95: percentile(times, 95), writes: times.length }
  } finally {
    await page.close()
  }
}

/** What `timeBareWrites` writes: its stores, and the rows each transaction adds to each. */
export interface BareWrites {
  database: string
  stores: { name: string; indexes: string[] }[]
  transactions: number
  rowsPerStore: number
  /** Bytes of each row's payload. */
  rowBytes: number
  /** Between two transactions, as a user's taps are apart (0: one after the other). */
  pauseMs: number
  /** small: an id, a date and the payload; record: shaped like a stored registration (its clear fields, sealed payload). */
  shape: 'small' | 'record'
}

/**
 * In the page: `transactions` read-write transactions of a new database (deleted after),
 * each adding `rowsPerStore` rows to each store; answers each one's time, from its first
 * request until `complete`, its rows being made before it starts. (No named function
 * inside: the bench's transpiler would wrap it in a helper the page lacks.)
 */
export async function timeBareWrites(options: BareWrites): Promise<number[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(options.database, 1)
    request.onupgradeneeded = () => {
      for (const { name, indexes } of options.stores) {
        const store = request.result.createObjectStore(name, { keyPath: 'id' })
        for (const index of indexes) store.createIndex(index, index)
      }
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  const names = options.stores.map(({ name }) => name)
  const times: number[] = []
  try {
    for (let n = 0; n < options.transactions; n++) {
      if (options.pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, options.pauseMs))
      const rows = names.map((name) =>
        Array.from({ length: options.rowsPerStore }, (_, i) =>
          options.shape === 'small'
            ? {
                id: `${name}-${n}-${i}`,
                at: new Date().toISOString(),
                payload: crypto.getRandomValues(new Uint8Array(options.rowBytes)),
              }
            : {
                id: crypto.randomUUID(),
                entity: 'registration',
                syncedRev: n * options.rowsPerStore + i + 1,
                state: 'sent',
                localUpdatedAt: new Date(Date.now() - i * 60_000).toISOString(),
                nameKey: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))),
                enc: {
                  iv: crypto.getRandomValues(new Uint8Array(12)),
                  ct: crypto.getRandomValues(new Uint8Array(options.rowBytes)),
                },
              },
        ),
      )
      const start = performance.now()
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction(names, 'readwrite')
        names.forEach((name, i) => {
          const store = tx.objectStore(name)
          for (const row of rows[i] ?? []) store.add(row)
        })
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
