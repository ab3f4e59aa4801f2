/**
 * Bare IndexedDB writes in the bench's browser, with no app: a page of the app's origin
 * that does not start it (its manifest), a database of its own, transactions timed from
 * their first request until `complete`. A save's floor (write-floor.ts) and a pull's
 * ceiling (bulk-write-ceiling.ts) are both measured this way.
 */
import type { BrowserContext } from 'playwright-core'

/**
 * Times `writes` in a new page of `context` at `url`, its main thread throttled `rate`
 * times (1: not at all); answers each transaction's time.
 */
export async function timeInBarePage(
  context: BrowserContext,
  url: URL,
  rate: number,
  writes: Omit<BareWrites, 'database'>,
): Promise<number[]> {
  const page = await context.newPage()
  try {
    await page.goto(url.href)
    const cdp = await context.newCDPSession(page)
    if (rate !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate })
    const database = `relais-bench-bare-${Date.now()}`
    return await page.evaluate(timeBareWrites, { ...writes, database })
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
async function timeBareWrites(options: BareWrites): Promise<number[]> {
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
