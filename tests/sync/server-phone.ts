/**
 * A phone signed in as a user of a real test server: its own database (fake-indexeddb),
 * its sync engine talking HTTP to the server, and timers a test fires by hand.
 */
import type { SyncEngine } from '@/sync/sync-engine'
import { createSyncClient } from '@/sync/sync-client'
import { createSyncEngine } from '@/sync/sync-engine'
import type { RelaisDb } from '@/data/db'
import type { VaultKeys } from '@/shared/crypto/vault'
import { freshDb, sealedDb } from '../data/fixtures'
import type { Session, TestServer } from '../server/helpers/test-server'
import { manualTimers } from './stubs'

export interface ServerPhone {
  db: RelaisDb
  engine: SyncEngine
  timers: ReturnType<typeof manualTimers>
}

/** The phone of `user` (its token read at each request), told through `onAuthRequired` when the server wants a sign-in. */
export function serverPhone(
  server: TestServer,
  user: Session,
  onAuthRequired: () => void = () => undefined,
): ServerPhone {
  const db = freshDb()
  const timers = manualTimers()
  const getToken = () => user.token
  const engine = createSyncEngine({
    db,
    transport: createSyncClient({ baseUrl: server.url, getToken }),
    deviceId: user.deviceId,
    getToken,
    random: () => 0,
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
    onAuthRequired,
  })
  return { db, engine, timers }
}

export interface LockablePhone extends ServerPhone {
  /** Locks or unlocks the phone: its records sealed with `keys`, readable only while unlocked. */
  setLocked(locked: boolean): void
}

/**
 * The phone of `user` whose lock a test switches: while locked, its database cannot be read
 * and it syncs with the sign-in's push-only token, as the app does.
 */
export function lockablePhone(server: TestServer, user: Session, keys: VaultKeys): LockablePhone {
  const db = sealedDb(keys)
  let locked = false
  db.keySource = () => (locked ? null : keys)
  const timers = manualTimers()
  const getToken = () => (locked ? user.pushToken : user.token)
  const engine = createSyncEngine({
    db,
    transport: createSyncClient({ baseUrl: server.url, getToken }),
    deviceId: user.deviceId,
    getToken,
    isLocked: () => locked,
    random: () => 0,
    setTimer: timers.setTimer,
    clearTimer: timers.clearTimer,
  })
  return { db, engine, timers, setLocked: (value) => (locked = value) }
}
