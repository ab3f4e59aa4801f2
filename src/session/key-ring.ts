/**
 * The unlocked keys of each user, in this tab's memory only: never written to storage,
 * never posted to a worker. Locking drops them; a reload forgets them.
 */
import type { VaultKeys } from '@/shared/crypto/vault'

export interface Unlocked {
  keys: VaultKeys
  /** The full token, decrypted at unlock. */
  token: string
}

const ring = new Map<string, Unlocked>()
const listeners = new Set<(userId: string) => void>()

export function unlockedFor(userId: string): Unlocked | undefined {
  return ring.get(userId)
}

export function keysFor(userId: string): VaultKeys | null {
  return ring.get(userId)?.keys ?? null
}

export function hold(userId: string, unlocked: Unlocked): void {
  ring.set(userId, unlocked)
}

/** Forgets one user's keys (or everyone's) and tells the listeners. */
export function drop(userId?: string): void {
  const ids = userId === undefined ? [...ring.keys()] : [userId]
  for (const id of ids) {
    if (ring.delete(id)) for (const cb of listeners) cb(id)
  }
}

/** Called with the user id whenever keys are dropped. */
export function onDrop(cb: (userId: string) => void): () => void {
  listeners.add(cb)
  return () => listeners.delete(cb)
}
