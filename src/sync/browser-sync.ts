/**
 * The engine as the app runs it in a browser: the fetch transport, the /healthz probe,
 * Web Locks (one syncing tab per user) and the window's online/visibility triggers.
 * The app passes what only it knows: the user's database, the device id and the token.
 */
import { browserTriggers } from './browser-triggers'
import { probeServer } from './connectivity'
import type { SyncEngineDeps } from './engine-deps'
import { createSyncClient } from './sync-client'
import { createSyncEngine, type SyncEngine } from './sync-engine'

export type BrowserSyncOptions = Omit<SyncEngineDeps, 'transport'> & {
  /** Default '' (same origin). */
  baseUrl?: string
}

export function createBrowserSyncEngine(opts: BrowserSyncOptions): SyncEngine {
  const { baseUrl = '', ...deps } = opts
  return createSyncEngine({
    transport: createSyncClient({ baseUrl, getToken: deps.getToken }),
    probe: () => probeServer({ baseUrl }),
    // Web Locks exist in secure contexts only; without them, each tab syncs on its own
    // (still safe: the server answers a replayed mutation `duplicate`)
    ...(typeof navigator !== 'undefined' && navigator.locks ? { locks: navigator.locks } : {}),
    events: browserTriggers(),
    ...deps,
  })
}
