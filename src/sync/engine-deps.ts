/** What the sync engine is given: storage, transport, identity, and the browser's pieces. */
import type { RelaisDb } from '@/data/db'
import type { BatchLimits } from './batch-plan'
import type { SyncTransport } from './transport'

/** Events that start a run; each returns its unsubscribe function. */
export interface SyncTriggers {
  onOnline(cb: () => void): () => void
  onVisible(cb: () => void): () => void
}

/** The part of `navigator.locks` the engine uses. */
export interface LockManagerLike {
  request<T>(name: string, options: { ifAvailable: boolean }, callback: (lock: unknown) => Promise<T>): Promise<T>
}

export interface SyncEngineDeps {
  db: RelaisDb
  transport: SyncTransport
  deviceId: string
  /**
   * The token to send: the full one while unlocked, the push-only one while locked;
   * null when signed out (no run then).
   */
  getToken(): string | null
  /** Locked: push the sealed batches only (with the push token), no pull. Default: never locked. */
  isLocked?(): boolean
  appVersion?: string
  /** Given: only the tab holding `relais-sync-<userId>` syncs; the others skip. */
  locks?: LockManagerLike
  /** Asked before a run while the last one found the server unreachable (connectivity.ts). */
  probe?: () => Promise<boolean>
  now?: () => Date
  random?: () => number
  setTimer?: (cb: () => void, ms: number) => unknown
  clearTimer?: (handle: unknown) => void
  events?: SyncTriggers
  /** How often to look for waiting work (default 30 s): a run starts when entries wait. */
  intervalMs?: number
  /** Pull at least this often even with nothing to push (default 15 min). */
  pullIntervalMs?: number
  limits?: BatchLimits
  /** Batch ids (default: UUIDv7). */
  newId?: () => string
  /** The server refused the token: ask the user to sign in again (the queue is kept). */
  onAuthRequired?(): void
  /** The device was revoked: erase the local data (called once nothing is left to send). */
  onWipeRequested?(): void
}
