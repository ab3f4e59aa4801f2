/**
 * What the app needs from the layers below, gathered in one object so that tests can
 * render the whole app with a fake sign-in and a stubbed sync engine.
 */
import { deleteUserDb, openUserDb, type RelaisDb } from '@/data/db'
import { currentSession, markNeedsSignIn, signIn, signOut, type Session } from '@/session/session'
import { browserTriggers } from '@/sync/browser-triggers'
import { probeServer } from '@/sync/connectivity'
import { createSyncClient } from '@/sync/sync-client'
import { createSyncEngine } from '@/sync/sync-engine'
import type { SyncControl } from '@/components/app-context'

export interface SyncHandle extends SyncControl {
  stop(): void
}

export interface StartSyncOptions {
  db: RelaisDb
  /** Read at each request: a new sign-in replaces the token without a restart. */
  getSession(): Session
  onAuthRequired(): void
  onWipeRequested(): void
}

export interface AppServices {
  currentSession(): Promise<Session | null>
  signIn(username: string, password: string): Promise<Session>
  signOut(): Promise<void>
  markNeedsSignIn(): Promise<void>
  openDb(userId: string): RelaisDb
  /** Erases a user's local database (a revoked device, once nothing is left to send). */
  eraseUserData(userId: string): Promise<void>
  startSync(options: StartSyncOptions): SyncHandle
}

const APP_VERSION: string = import.meta.env.VITE_APP_VERSION ?? 'dev'

export const browserServices: AppServices = {
  currentSession,
  signIn: (username, password) => signIn(username, password),
  signOut,
  markNeedsSignIn,
  openDb: openUserDb,
  eraseUserData: deleteUserDb,
  startSync({ db, getSession, onAuthRequired, onWipeRequested }) {
    const getToken = () => getSession().token
    const engine = createSyncEngine({
      db,
      transport: createSyncClient({ getToken }),
      deviceId: getSession().deviceId,
      getToken,
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
}
