/**
 * What any write costs in the bench's browser on this machine, whatever the app does: a
 * bare IndexedDB read-write transaction, in a page of its own (the app's origin, the same
 * CPU throttle on its main thread, no app running in it), adding one row to each of a few
 * stores, timed from the request until `complete` as the benches time a save. A save's
 * time is read against it: the save holds this write, plus the app's own work.
 */
import type { BrowserContext } from 'playwright-core'
import { timeInBarePage } from './bare-writes'
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
  const times = await timeInBarePage(context, url, rate, {
    stores: Array.from({ length: options.stores }, (_, i) => ({ name: `store${i}`, indexes: [] })),
    transactions: options.writes ?? 40,
    rowsPerStore: 1,
    rowBytes: options.rowBytes,
    pauseMs: options.pauseMs ?? 200,
    shape: 'small',
  })
  return { p50: percentile(times, 50), p95: percentile(times, 95), writes: times.length }
}
