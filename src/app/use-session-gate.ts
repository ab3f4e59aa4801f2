/**
 * Who the app is for: loading (the session is restored offline at start), signed out
 * (maybe with a reason to show), or signed in (unlocked or locked). The services load
 * after the first screen (their code is most of the app): each action waits for them.
 */
import { useCallback, useEffect, useState } from 'react'
import type { LockedSession, Session } from '@/session/session-types'
import type { AppServices } from './services'

export interface SignOutOptions {
  /** Erase the user's data from this phone too, if nothing of it waits to be sent. */
  erase?: boolean
}

export type Gate =
  | { kind: 'loading' }
  /** `left`: the user left the screens they were on (signed out, erased): focus goes to the sign-in's title. */
  | { kind: 'signedOut'; message?: string; left?: true }
  /** `signedInNow`: the user just signed in on the form, which had focus: focus goes to the first screen's title. */
  | { kind: 'signedIn'; session: Session | LockedSession; signedInNow?: true }

/**
 * `initial`: the session read at start without the services (session-peek.ts), null when
 * nobody is signed in; undefined: the services say, once loaded.
 */
export function useSessionGate(loadServices: () => Promise<AppServices>, initial?: Session | LockedSession | null) {
  const [gate, setGate] = useState<Gate>(() =>
    initial === undefined
      ? { kind: 'loading' }
      : initial
        ? { kind: 'signedIn', session: initial }
        : { kind: 'signedOut' },
  )
  const known = initial !== undefined

  useEffect(() => {
    if (known) return
    let cancelled = false
    loadServices()
      .then((services) => services.currentSession())
      .catch(() => null)
      .then((session) => {
        if (!cancelled) setGate(session ? { kind: 'signedIn', session } : { kind: 'signedOut' })
      })
    return () => {
      cancelled = true
    }
  }, [loadServices, known])

  const signInWith = useCallback(
    async (fromForm: boolean, username: string, password: string, deviceName?: string) => {
      const session = await (await loadServices()).signIn(username, password, deviceName)
      setGate(fromForm ? { kind: 'signedIn', session, signedInNow: true } : { kind: 'signedIn', session })
    },
    [loadServices],
  )
  const signIn = useCallback(
    (username: string, password: string, deviceName?: string) => signInWith(false, username, password, deviceName),
    [signInWith],
  )
  /**
   * A sign-in on the sign-in form: whoever signs in starts at their own home, not on the
   * screen the last user left (its address is still the browser's, and another role may
   * not even have that screen). The router is not mounted while signed out: it starts from
   * the address set here. A sign-in again after a refused token keeps the screen (`signIn`).
   */
  const signInFromForm = useCallback(
    async (username: string, password: string, deviceName?: string) => {
      if (window.location.pathname !== '/' || window.location.search !== '') window.history.replaceState(null, '', '/')
      await signInWith(true, username, password, deviceName)
    },
    [signInWith],
  )
  /**
   * `erase`: the user asked to erase their data from this phone as they leave (user-menu.tsx);
   * done only when nothing of it waits for the server, else kept, and the sign-in screen says which.
   */
  const signOut = useCallback(
    async (options?: SignOutOptions) => {
      const services = await loadServices()
      if (!options?.erase) {
        await services.signOut()
        setGate({ kind: 'signedOut', left: true })
        return
      }
      const userId = (await services.currentSession().catch(() => null))?.user.id
      // leave the screens that read the database first, as a revocation's erase does
      setGate({ kind: 'signedOut', left: true })
      await services.signOut()
      const erased = userId !== undefined && (await services.eraseIfNothingWaits(userId).catch(() => false))
      setGate({ kind: 'signedOut', left: true, message: erased ? 'shell.erased' : 'shell.notErased' })
    },
    [loadServices],
  )
  /** The phone was revoked for this user (sync-protocol.md): erased, and the sign-in screen says why. */
  const wipe = useCallback(
    async (userId: string) => {
      // leave the screens that read the database first
      setGate({ kind: 'signedOut', message: 'lock.revoked', left: true })
      const services = await loadServices()
      await services.signOut()
      await services.eraseUserData(userId)
    },
    [loadServices],
  )
  const signInOther = useCallback(() => setGate({ kind: 'signedOut', left: true }), [])
  const destroyed = useCallback(() => setGate({ kind: 'signedOut', message: 'lock.destroyed', left: true }), [])

  return { gate, signIn, signInFromForm, signOut, wipe, signInOther, destroyed }
}
