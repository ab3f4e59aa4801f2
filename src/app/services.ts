/**
 * What the app needs from the layers below, gathered in one object so that tests can
 * render the whole app with a fake sign-in and a stubbed sync engine.
 */
import '@/shared/zod-without-eval'
import { deleteUserDb, eraseReadableData, openUserDb, type RelaisDb } from '@/data/db'
import { attentionCount } from '@/data/attention'
import { eraseIfNothingWaits } from '@/data/left-behind'
import { purgeExpired } from '@/data/records'
import { waitingRecordCount } from '@/data/waiting-records'
import {
  cachedServerKey,
  changePassphrase,
  cacheServerKey,
  configureSession,
  currentSession,
  forgetLeftWork,
  DEFAULT_IDLE_LOCK_MINUTES,
  DEFAULT_RETENTION_DAYS,
  getNumberSetting,
  lock,
  markNeedsSignIn,
  setNumberSetting,
  signIn,
  signOut,
  unlock,
  type LockedSession,
  type Session,
  type UnlockResult,
} from '@/session/session'
import { keysFor } from '@/session/key-ring'
import { browserTriggers } from '@/sync/browser-triggers'
import { probeServer } from '@/sync/connectivity'
import { sealOutbox } from '@/sync/seal-outbox'
import { fetchServerKey } from '@/sync/server-keys'
import { createSyncClient } from '@/sync/sync-client'
import { createSyncEngine } from '@/sync/sync-engine'
import type { SyncControl } from '@/components/app-context'
import { APP_VERSION } from '@/sync/app-version'

export interface SyncHandle extends SyncControl {
  stop(): void
}

export interface StartSyncOptions {
  db: RelaisDb
  /** Read at each request: a new sign-in replaces the token without a restart. */
  getSession(): Session | LockedSession
  onAuthRequired(): void
  onWipeRequested(): void
}

export interface StorageUse {
  usage: number
  quota: number
}

export interface AppServices {
  currentSession(): Promise<Session | LockedSession | null>
  /** `deviceName`: what the user calls this phone, for supervisors (first sign-in). */
  signIn(username: string, password: string, deviceName?: string): Promise<Session>
  /** Opens the user's vault offline (attempts counted; too many destroy it). */
  unlock(userId: string, passphrase: string): Promise<UnlockResult>
  /** Seals the pending outbox to the server's key (when one is cached), then drops the keys. */
  lock(userId: string, db: RelaisDb, deviceId: string): Promise<void>
  /** Signs out; what the user leaves waiting here is kept for the sign-in screen (session.ts, signOut). */
  signOut(): Promise<void>
  /** After the server accepted a new passphrase: re-wraps the user's vault with it. */
  changePassphrase(userId: string, newPassphrase: string): Promise<void>
  markNeedsSignIn(): Promise<void>
  openDb(userId: string): RelaisDb
  /** Erases a user's local database (a revoked device, once nothing is left to send). */
  eraseUserData(userId: string): Promise<void>
  /**
   * After a sign-out the user asked to erase: erases their readable data here unless
   * something of it waits for the server (left-behind.ts); true when erased.
   */
  eraseIfNothingWaits(userId: string): Promise<boolean>
  startSync(options: StartSyncOptions): SyncHandle
  /** Minutes without input before the app locks (a per-device setting). */
  idleLockMinutes(): Promise<number>
  /** Days a closed, synced case stays on this device (a per-device setting). */
  retentionDays(): Promise<number>
  saveIdleLockMinutes(minutes: number): Promise<void>
  /** Saves the retention and applies it to the closures saved from now on. */
  saveRetentionDays(db: RelaisDb, days: number): Promise<void>
  /** After sign-in: asks for persistent storage, fetches the server key, purges expired records. */
  afterUnlock(db: RelaisDb): Promise<void>
  storageEstimate(): Promise<StorageUse | null>
  /** Whether the browser granted persistent storage; null when it cannot say. */
  storagePersisted(): Promise<boolean | null>
}

function openProtectedDb(userId: string): RelaisDb {
  const db = openUserDb(userId)
  db.keySource = () => keysFor(userId)
  return db
}

configureSession({ eraseReadable: (userId) => eraseReadableData(openProtectedDb(userId)) })

export const browserServices: AppServices = {
  currentSession,
  signIn: (username, password, deviceName) => signIn(username, password, { deviceName }),
  unlock,
  async lock(userId, db, deviceId) {
    try {
      const serverKey = await cachedServerKey()
      // no key cached yet: the entries stay encrypted and wait for the next unlock
      if (serverKey && keysFor(userId)) await sealOutbox(db, { serverKey, deviceId })
    } finally {
      lock(userId)
    }
  },
  async signOut() {
    const session = await currentSession().catch(() => null)
    const db = session && openProtectedDb(session.user.id)
    // what waits is sealed to the server's key, as at lock: it then goes at the user's next
    // sign-in here even if their password changed meanwhile (which erases what the old one
    // protected: session.ts, vaultAtSignIn)
    if (session && db) await browserServices.lock(session.user.id, db, session.deviceId).catch(() => undefined)
    // what the user leaves waiting here, for the sign-in screen to say (clear counts: no keys needed)
    const left = db
      ? await Promise.all([waitingRecordCount(db), attentionCount(db)])
          .then(([records, attention]) => ({ records, attention }))
          .catch(() => undefined)
      : undefined
    await signOut(left)
  },
  changePassphrase,
  markNeedsSignIn,
  openDb: openProtectedDb,
  async eraseUserData(userId) {
    await deleteUserDb(userId)
    // the sign-in screen no longer says their records wait here: they are gone
    await forgetLeftWork(userId)
  },
  async eraseIfNothingWaits(userId) {
    const { erased } = await eraseIfNothingWaits(openProtectedDb(userId))
    if (erased) await forgetLeftWork(userId)
    return erased
  },
  startSync({ db, getSession, onAuthRequired, onWipeRequested }) {
    const userId = db.userId
    const isLocked = () => keysFor(userId) === null
    const getToken = () => {
      const session = getSession()
      return isLocked() ? (session.pushToken ?? null) : 'token' in session ? session.token : null
    }
    const engine = createSyncEngine({
      db,
      transport: createSyncClient({ getToken }),
      deviceId: getSession().deviceId,
      getToken,
      isLocked,
      appVersion: APP_VERSION,
      locks: typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined,
      probe: () => probeServer(),
      events: browserTriggers(),
      onAuthRequired,
      onWipeRequested,
    })
    engine.start()
    return engine
  },
  idleLockMinutes: () => getNumberSetting('idleLockMinutes', DEFAULT_IDLE_LOCK_MINUTES),
  retentionDays: () => getNumberSetting('retentionDays', DEFAULT_RETENTION_DAYS),
  saveIdleLockMinutes: (minutes) => setNumberSetting('idleLockMinutes', minutes),
  async saveRetentionDays(db, days) {
    await setNumberSetting('retentionDays', days)
    db.retentionDays = days
  },
  async afterUnlock(db) {
    db.retentionDays = await getNumberSetting('retentionDays', DEFAULT_RETENTION_DAYS)
    await purgeExpired(db).catch(() => 0)
    if (typeof navigator !== 'undefined' && navigator.storage?.persist) {
      await navigator.storage.persist().catch(() => false)
    }
    const key = await fetchServerKey().catch(() => null)
    if (key) await cacheServerKey(key)
  },
  async storageEstimate() {
    if (typeof navigator === 'undefined' || !navigator.storage?.estimate) return null
    const { usage, quota } = await navigator.storage.estimate()
    return usage !== undefined && quota ? { usage, quota } : null
  },
  async storagePersisted() {
    if (typeof navigator === 'undefined' || !navigator.storage?.persisted) return null
    return navigator.storage.persisted()
  },
}
