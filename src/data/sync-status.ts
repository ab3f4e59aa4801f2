/**
 * The sync engine's progress and health, stored as one meta row: the engine writes it,
 * the UI reads it with useLiveQuery like any other data (and other tabs see it too).
 */
import type { QueueFigures } from '@/shared/queue-report'
import type { RelaisDb } from './db'

export interface SyncStatus {
  /** Whether the server answered the last attempt (navigator.onLine is only a hint). */
  online: boolean
  running: boolean
  progress: { sent: number; total: number } | null
  /** The last run that pushed, pulled and refreshed the sites without error. */
  lastSuccessAt: string | null
  lastAttemptAt: string | null
  lastError: { code: string; message: string; at: string } | null
  /** The server refused the token: sync waits until the user signs in again. */
  needsSignIn: boolean
  /**
   * The server's last answer was 401 `account_disabled`: an admin disabled the account.
   * Everything stays on the phone and sync tries again now and then (re-enabling the
   * account makes the same token good again). Cleared by the next answer that is not it.
   */
  accountDisabled?: boolean
  nextRetryAt: string | null
  /** The device was revoked: its local data is to be erased once nothing is left to send. */
  wipeRequested?: boolean
  /**
   * The server no longer serves this app version (426 `app_update_required`): sync waits
   * for an update, and everything stays on the phone. Which version was refused, and
   * the oldest one the server serves.
   */
  updateRequired: { appVersion: string | null; minAppVersion: string | null } | null
  /**
   * The user's sites as the server had them at the last sync (GET /api/v1/me): the forms
   * offer these, since an admin may have changed them after sign-in. Absent before.
   */
  sites?: string[]
  /** The server's time at the last answer that gave it, beside this phone's clock then (absent before). */
  serverClock?: ServerClock
  /**
   * What the server holds of this phone's queue after its last answer (shared/queue-report.ts),
   * worked out the way the server does: when the phone's figures differ and nothing is
   * left to send, a push with no mutations tells it. Absent: nothing was reported yet.
   */
  reportedQueue?: QueueFigures
}

/** The server's `Date` and the phone's clock when the answer arrived (both ISO): how far apart they were. */
export interface ServerClock {
  serverTime: string
  deviceTime: string
}

const STATUS_KEY = 'syncStatus'

export const initialSyncStatus: SyncStatus = {
  online: false,
  running: false,
  progress: null,
  lastSuccessAt: null,
  lastAttemptAt: null,
  lastError: null,
  needsSignIn: false,
  nextRetryAt: null,
  updateRequired: null,
}

/**
 * No link to the server, as the sync chip says it: the browser says offline (reliable when
 * it does), or the server gave no answer to the last attempt (navigator.onLine is only a hint).
 */
export function hasNoLink(status: SyncStatus, browserOnline: boolean): boolean {
  return !browserOnline || (!status.online && status.lastError !== null)
}

export async function getSyncStatus(db: RelaisDb): Promise<SyncStatus> {
  const row = await db.meta.get(STATUS_KEY)
  return { ...initialSyncStatus, ...(row?.value as Partial<SyncStatus> | undefined) }
}

/** Merges `patch` into the stored status (read and write in one transaction). */
export async function updateSyncStatus(db: RelaisDb, patch: Partial<SyncStatus>): Promise<SyncStatus> {
  return db.transaction('rw', db.meta, async () => {
    const next = { ...(await getSyncStatus(db)), ...patch }
    await db.meta.put({ key: STATUS_KEY, value: next })
    return next
  })
}
