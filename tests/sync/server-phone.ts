/**
 * A phone signed in as a user of a real test server: its own database (fake-indexeddb),
 * its sync engine talking HTTP to the server, and timers a test fires by hand.
 */
import type { SyncEngine } from '@/sync/sync-engine'
import { createSyncClient } from '@/sync/sync-client'
import { createSyncEngine } from '@/sync/sync-engine'
import type { RelaisDb } from '@/data/db'
import { freshDb } from '../data/fixtures'
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
