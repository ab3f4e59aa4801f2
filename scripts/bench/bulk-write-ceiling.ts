/**
 * How fast the bench's browser on this machine can store rows at all, whatever the app
 * does: bare IndexedDB read-write transactions of a pulled page's size, each adding
 * `rows` rows shaped like stored registrations (an id, the clear fields the table
 * indexes, a sealed payload) to a store with the registrations table's indexes, in a page
 * of the app's origin with no app running in it. A pull cannot store faster than this:
 * its rate is read against it.
 */
import type { BrowserContext } from 'playwright-core'
import { timeInBarePage } from './bare-writes'

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

/**
 * Measures in a new page of `context` at `url` (a page of the app's origin that does not
 * start the app), throttled `rate` times (1: not at all).
 */
export async function measureBulkWriteCeiling(
  context: BrowserContext,
  url: URL,
  rate: number,
  options: BulkWriteOptions,
): Promise<BulkWriteCeiling> {
  const times = await timeInBarePage(context, url, rate, {
    stores: [{ name: 'registrations', indexes: [...options.indexes] }],
    transactions: options.pages,
    rowsPerStore: options.rows,
    rowBytes: options.rowBytes,
    pauseMs: 0,
    shape: 'record',
  })
  const total = times.reduce((sum, ms) => sum + ms, 0)
  return {
    rowsPerSecond: (options.pages * options.rows) / (total / 1000),
    pageMs: { fastest: Math.min(...times), slowest: Math.max(...times) },
  }
}
