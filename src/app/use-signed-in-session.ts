/**
 * The signed-in user's session as lock and unlock change it: the session given (a new
 * sign-in replaces it), locked on demand (the queue is sealed, the keys dropped, other
 * tabs told), unlocked with the passphrase, and signed in again when the token expired.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { saveCaseIndexNow } from '@/cases/case-index-store'
import type { RelaisDb } from '@/data/db'
import { isLocked, MAX_UNLOCK_ATTEMPTS, type LockedSession, type Session } from '@/session/session'
import { tellOtherTabs } from './lock-across-tabs'
import type { AppServices } from './services'
import { focusedField, type ResumeFocus } from './use-route-focus'
import { useSyncEngine } from './use-sync-engine'

interface SignedInSessionOptions {
  given: Session | LockedSession
  services: AppServices
  db: RelaisDb
  onSignIn(username: string, password: string): Promise<void>
  onWipe(userId: string): Promise<void>
  onDestroyed(): void
}

export function useSignedInSession({ given, services, db, onSignIn, onWipe, onDestroyed }: SignedInSessionOptions) {
  const userId = given.user.id
  const [current, setCurrent] = useState<{ from: Session | LockedSession; session: Session | LockedSession }>({
    from: given,
    session: given,
  })
  let session = current.session
  if (current.from !== given) {
    session = given
    setCurrent({ from: given, session: given })
  }
  const setSession = useCallback(
    (next: Session | LockedSession) => setCurrent((c) => ({ from: c.from, session: next })),
    [],
  )
  const sessionRef = useRef(session)
  useEffect(() => {
    sessionRef.current = session
  }, [session])

  const engine = useSyncEngine({
    db,
    services,
    userId,
    sessionRef,
    needsSignIn: !isLocked(given) && given.needsSignIn === true,
    onWipe,
  })
  const { syncNow, signedInAgain } = engine

  const locked = isLocked(session)
  useEffect(() => {
    if (!locked) void services.afterUnlock(db).catch(() => undefined)
  }, [locked, services, db])

  // the field the user was in when the app locked, and where focus goes once unlocked
  const lockedIn = useRef<string | null>(null)
  const [resumeFocus, setResumeFocus] = useState<ResumeFocus | null>(null)

  const locking = useRef(false)
  const lockNow = useCallback(async () => {
    const current = sessionRef.current
    if (isLocked(current) || locking.current) return
    locking.current = true
    lockedIn.current = focusedField()
    // the case index is sealed with the data key: while it is still here
    await saveCaseIndexNow(db).catch(() => undefined)
    await services.lock(userId, db, current.deviceId).catch(() => undefined)
    locking.current = false
    const next: LockedSession = {
      locked: true,
      user: current.user,
      deviceId: current.deviceId,
      ...(current.pushToken ? { pushToken: current.pushToken } : {}),
      attemptsLeft: MAX_UNLOCK_ATTEMPTS,
    }
    sessionRef.current = next
    setSession(next)
    tellOtherTabs(userId)
    void syncNow('locked') // the sealed batches go now, with the push token
  }, [services, userId, db, setSession, syncNow])

  const unlock = useCallback(
    async (passphrase: string) => {
      const result = await services.unlock(userId, passphrase)
      if (result.ok) {
        sessionRef.current = result.session
        setResumeFocus({ field: lockedIn.current })
        lockedIn.current = null
        setSession(result.session)
        void syncNow('unlocked')
      } else if (result.reason === 'destroyed') {
        onDestroyed()
      }
      return result
    },
    [services, userId, onDestroyed, setSession, syncNow],
  )

  const signInAgain = useCallback(
    async (username: string, password: string) => {
      await onSignIn(username, password) // same user: the session is replaced, data untouched
      signedInAgain()
      void syncNow('signed-in')
    },
    [onSignIn, signedInAgain, syncNow],
  )

  return {
    session,
    lockNow,
    unlock,
    signInAgain,
    sync: engine.sync,
    authRequired: engine.authRequired,
    resumeFocus,
  }
}
