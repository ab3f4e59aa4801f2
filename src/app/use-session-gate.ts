/**
 * Who the app is for: loading (the session is restored offline at start), signed out
 * (maybe with a reason to show), or signed in (unlocked or locked).
 */
import { useCallback, useEffect, useState } from 'react'
import type { LockedSession, Session } from '@/session/session'
import type { AppServices } from './services'

export type Gate =
  { kind: 'loading' } | { kind: 'signedOut'; message?: string } | { kind: 'signedIn'; session: Session | LockedSession }

export function useSessionGate(services: AppServices) {
  const [gate, setGate] = useState<Gate>({ kind: 'loading' })

  useEffect(() => {
    let cancelled = false
    services
      .currentSession()
      .catch(() => null)
      .then((session) => {
        if (!cancelled) setGate(session ? { kind: 'signedIn', session } : { kind: 'signedOut' })
      })
    return () => {
      cancelled = true
    }
  }, [services])

  const signIn = useCallback(
    async (username: string, password: string, deviceName?: string) => {
      const session = await services.signIn(username, password, deviceName)
      setGate({ kind: 'signedIn', session })
    },
    [services],
  )
  const signOut = useCallback(async () => {
    await services.signOut()
    setGate({ kind: 'signedOut' })
  }, [services])
  const wipe = useCallback(
    async (userId: string) => {
      setGate({ kind: 'signedOut' }) // leave the screens that read the database first
      await services.signOut()
      await services.eraseUserData(userId)
    },
    [services],
  )
  const signInOther = useCallback(() => setGate({ kind: 'signedOut' }), [])
  const destroyed = useCallback(() => setGate({ kind: 'signedOut', message: 'lock.destroyed' }), [])

  return { gate, signIn, signOut, wipe, signInOther, destroyed }
}
