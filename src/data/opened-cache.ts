/**
 * Clear data opened while unlocked, kept under the data key that opened it: a lock drops
 * the key, and with it the cache. Past its size the cache starts over, so that it never
 * holds more clear data than what a screen reads again and again.
 */
import type { RelaisDb } from './db'
import { keysOf } from './protect'

/**
 * A cache of at most about `max` entries per data key: the returned function gives the
 * database's (null for an unprotected database; it throws LockedError while locked).
 */
export function openedCache<V>(max: number): (db: RelaisDb) => Map<string, V> | null {
  const byKey = new WeakMap<CryptoKey, Map<string, V>>()
  return (db) => {
    const dataKey = keysOf(db)?.dataKey
    if (!dataKey) return null
    let opened = byKey.get(dataKey)
    if (!opened || opened.size > max) byKey.set(dataKey, (opened = new Map()))
    return opened
  }
}
