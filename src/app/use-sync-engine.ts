/**
 * The user's sync engine, started with their database and kept running while the app is
 * locked (sealed uploads). A refused token only asks for a new sign-in: the queue and the
 * records stay as they are.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react'
import type { SyncControl } from '@/components/app-context'
import type { RelaisDb } from '@/data/db'
import type { LockedSession, Session } from '@/session/session'
import type { AppServices, SyncHandle } from './services'

interface SyncEngineOptions {
  db: RelaisDb
  services: AppServices
  userId: string
  /** Read at each request: lock, unlock and a new sign-in change it without a restart. */
  sessionRef: RefObject<Session | LockedSession>
  /** The session already waited for a new sign-in when the app started. */
  needsSignIn: boolean
  onWipe(userId: string): Promise<void>
}

export function useSyncEngine({ db, services, userId, sessionRef, needsSignIn, onWipe }: SyncEngineOptions) {
  const engineRef = useRef<SyncHandle | null>(null)
  const [authRequired, setAuthRequired] = useState(needsSignIn)

  useEffect(() => {
    const handle = services.startSync({
      db,
      getSession: () => sessionRef.current,
      onAuthRequired() {
        setAuthRequired(true)
        void services.markNeedsSignIn().catch(() => undefined)
      },
      onWipeRequested() {
        handle.stop()
        void onWipe(userId)
      },
    })
    engineRef.current = handle
    return () => {
      handle.stop()
      if (engineRef.current === handle) engineRef.current = null
    }
  }, [db, services, userId, onWipe, sessionRef])

  const syncNow = useCallback((reason?: string) => engineRef.current?.syncNow(reason) ?? Promise.resolve(), [])
  const sync: SyncControl = useMemo(() => ({ syncNow }), [syncNow])
  const signedInAgain = useCallback(() => setAuthRequired(false), [])
  return { sync, syncNow, authRequired, signedInAgain }
}
