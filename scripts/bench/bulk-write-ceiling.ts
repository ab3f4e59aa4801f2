/**
 * How fast the bench's browser on this machine can store rows at all, whatever the app
 * does: bare IndexedDB read-write transactions of a pulled page's size, each adding
 * `rows` rows shaped like stored registrations (an id, the clear fields the table
 * indexes, a sealed payload) to a store with the registrations table's indexes, in a page
 * of the app's origin with no app running in it. A pull cannot store faster than this:
 * its rate is read against it.
 */
import type { BrowserContext } from 'playwright-core'

export interface BulkWriteOptions {
  /** Transactions, one after the other. */
  pages: number
  /** Rows added by each transaction (a pulled page's changes). */
  rows: number
  /** The store's indexes (the registrations table's, db.ts). */
  indexes: readonly string[]
  /** Bytes of each row's sealed payload. */
  rowBytes: number
}

export interface BulkWriteCeiling {
  rowsPerSecond: number
  /** Each transaction's time, from its first request until `complete`. */
  pageMs: { fastest: number; slowest: number }
}

/** Measures in a new page of `context` at `url` (a page of the app's origin that does not start the app), throttled `rate` times. */
export async function measureBulkWriteCeiling(
  context: BrowserContext,
  url: URL,
  rate: number,
  options: BulkWriteOptions,
): Promise<BulkWriteCeiling> {
  const page = await context.newPage()
  try {
    await page.goto(url.href)
    const cdp = await context.newCDPSession(page)
    if (rate > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate })
    const times = await page.evaluate(bareBulkWrites, {
      ...options,
      indexes: [...options.indexes],
      database: `relais-bench-ceiling-${Date.now()}`,
    })
    const total = times.reduce((sum, ms) => sum + ms, 0)
    return {
      rowsPerSecond: (options.pages * options.rows) / (total / 1000),
      pageMs: { fastest: Math.min(...times), slowest: Math.max(...times) },
    }
  } finally {
    await page.close()
  }
}

/**
 * In the page: `pages` transactions of `rows` new rows each, into one store of a new
 * database (deleted after); answers each one's time, the rows being made before it
 * starts. (No named function inside: the bench's transpiler would wrap it in a helper
 * the page lacks.)
 */
async function bareBulkWrites(options: BulkWriteOptions & { database: string }): Promise<number[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(options.database, 1)
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore('registrations', { keyPath: 'id' })
      for (const index of options.indexes) store.createIndex(index, index)
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
  const times: number[] = []
  try {
    for (let n = 0; n < options.pages; n++) {
      const rows = Array.from({ length: options.rows }, (_, i) => ({
        id: crypto.randomUUID(),
        entity: 'registration',
        syncedRev: n * options.rows + i + 1,
        state: 'sent',
        localUpdatedAt: new Date(Date.now() - i * 60_000).toISOString(),
        nameKey: btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(32)))),
        enc: {
          iv: crypto.getRandomValues(new Uint8Array(12)),
          ct: crypto.getRandomValues(new Uint8Array(options.rowBytes)),
        },
      }))
      const start = performance.now()
      await new Promise<void>((resolve, reject) => {
        const tx = db.transaction('registrations', 'readwrite')
        const store = tx.objectStore('registrations')
        for (const row of rows) store.add(row)
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
