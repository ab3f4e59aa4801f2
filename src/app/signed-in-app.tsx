/**
 * The signed-in user's side of the app, loaded after the first screen: their database and
 * sync engine (kept running while the app is locked, for sealed uploads), the lock, the
 * case index (while unlocked), the shell and the screens. While locked it shows nothing
 * itself: the unlock form belongs to the first screen (app.tsx), which this module tells
 * what to show and from which it takes the passphrase.
 */
import '@/shared/zod-without-eval'
import { useEffect, useLayoutEffect, useMemo, type ReactNode } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { BrowserRouter, useInRouterContext } from 'react-router'
import { useCaseFinder, useCaseIndexProblem } from '@/cases/case-finder'
import { CaseFinderProvider } from '@/cases/case-finder-provider'
import { AppContextProvider, type SyncControl } from '@/components/app-context'
import { prepareDayFormats } from '@/components/dates'
import type { RelaisDb } from '@/data/db'
import { whenIdle } from '@/data/when-idle'
import { unsealedCount } from '@/data/outbox'
import { isLocked, type LockedSession, type Session, type UnlockResult } from '@/session/session-types'
import { useDeviceSettings } from './device-settings'
import { useLockAcrossTabs } from './lock-across-tabs'
import { StorageNotice, VaultResetNotice } from './notices'
import { AppRoutes } from './router'
import { preloadScreens } from './screens'
import type { AppServices } from './services'
import { Shell } from './shell'
import { useIdleLock } from './use-idle-lock'
import type { SignOutOptions } from './use-session-gate'
import { useSignedInSession } from './use-signed-in-session'
import type { ResumeFocus } from './use-route-focus'
import { useStorageHigh } from './use-storage'

/** What the unlock form shows while the app is locked. */
export interface LockedView {
  attemptsLeft: number
  /** Records saved but not yet sealed: they upload after the unlock. */
  waitingUnlock: number
}

export interface SignedInAppProps {
  session: Session | LockedSession
  services: AppServices
  onSignIn(username: string, password: string): Promise<void>
  onSignOut(options?: SignOutOptions): Promise<void>
  onWipe(userId: string): Promise<void>
  onDestroyed(): void
  /** Locked (what the unlock form shows) or unlocked (null); called before the browser paints. */
  onLockedView(view: LockedView | null): void
  /** Hands over the unlock the form calls. */
  onUnlockReady(unlock: (passphrase: string) => Promise<UnlockResult>): void
  /** The user just signed in on the form (gone with its focus): the first screen's title takes focus. */
  signedInNow?: boolean
}

export function SignedInApp(props: SignedInAppProps) {
  const { session: given, services, onSignIn, onSignOut, onWipe, onDestroyed, onLockedView, onUnlockReady } = props
  const userId = given.user.id
  const db = useMemo(() => services.openDb(userId), [services, userId])
  const signedIn = useSignedInSession({ given, services, db, onSignIn, onWipe, onDestroyed })
  const { session, lockNow, unlock } = signedIn

  const applyIdleLock = useIdleLock(!isLocked(session), services, lockNow)
  useLockAcrossTabs(userId, lockNow)

  // clear counts only: readable while locked
  const waitingUnlock = useLiveQuery(() => unsealedCount(db), [db]) ?? 0

  const attemptsLeft = isLocked(session) ? session.attemptsLeft : null
  // before the paint: the unlock form and home never show together
  useLayoutEffect(() => {
    onLockedView(attemptsLeft === null ? null : { attemptsLeft, waitingUnlock })
  }, [attemptsLeft, waitingUnlock, onLockedView])
  useLayoutEffect(() => onUnlockReady(unlock), [unlock, onUnlockReady])

  if (isLocked(session)) return null
  return (
    <InRouter>
      <UnlockedApp
        session={session}
        services={services}
        db={db}
        sync={signedIn.sync}
        authRequired={signedIn.authRequired}
        onSignInAgain={signedIn.signInAgain}
        onSignOut={onSignOut}
        onLock={lockNow}
        onIdleLockChange={applyIdleLock}
        resumeFocus={signedIn.resumeFocus ?? (props.signedInNow ? { field: null } : null)}
      />
    </InRouter>
  )
}

/** The browser's address drives the screens; tests bring their own router. */
function InRouter({ children }: { children: ReactNode }) {
  return useInRouterContext() ? children : <BrowserRouter>{children}</BrowserRouter>
}

interface UnlockedAppProps {
  session: Session
  services: AppServices
  db: RelaisDb
  sync: SyncControl
  authRequired: boolean
  onSignInAgain(username: string, password: string): Promise<void>
  onSignOut(options?: SignOutOptions): Promise<void>
  onLock(): Promise<void>
  onIdleLockChange(minutes: number): void
  /** Set by an unlock: where focus goes as the screens come back. */
  resumeFocus: ResumeFocus | null
}

function UnlockedApp(props: UnlockedAppProps) {
  const { session, services, db, sync, authRequired, onSignInAgain, onSignOut, onLock, onIdleLockChange } = props
  const context = useMemo(() => ({ session, db, sync }), [session, db, sync])
  const settings = useDeviceSettings(services, db, onIdleLockChange)
  const storageHigh = useStorageHigh(services)
  const notice = (
    <>
      {session.vaultReset && <VaultResetNotice />}
      {storageHigh !== null && <StorageNotice percent={storageHigh} />}
    </>
  )
  return (
    <AppContextProvider value={context}>
      <CaseFinderProvider db={db}>
        <ScreensPreload />
        <Shell
          authRequired={authRequired}
          onSignInAgain={onSignInAgain}
          onSignOut={onSignOut}
          onLock={() => void onLock()}
          notice={notice}
        >
          <AppRoutes role={session.user.role} settings={settings} resumeFocus={props.resumeFocus} />
        </Shell>
      </CaseFinderProvider>
    </AppContextProvider>
  )
}

/**
 * Once unlocked, the built app loads every screen's code in the background, a screen per
 * idle moment (screens.tsx), but only once the case index is loaded (or failed): before,
 * the phone's idle moments are its database trips at unlock, and a screen's code
 * evaluated then delays the list (and every screen reading the index). The language's day
 * formats are made in an idle moment too. Tests load each screen as they open it.
 */
function ScreensPreload(): null {
  const finder = useCaseFinder()
  const problem = useCaseIndexProblem()
  const lang = useTranslation().i18n.resolvedLanguage ?? 'fr'
  const start = import.meta.env.PROD && (finder !== undefined || problem !== undefined)
  useEffect(() => {
    if (!start) return
    let stopped = false
    void preloadScreens(
      () => whenIdle(5000, 200),
      () => stopped,
    )
    return () => {
      stopped = true
    }
  }, [start])
  // and the language's day formats (again when it changes), in an idle moment of their own
  useEffect(() => {
    if (!start) return
    let stopped = false
    void whenIdle(5000, 200).then(() => {
      if (!stopped) prepareDayFormats(lang)
    })
    return () => {
      stopped = true
    }
  }, [start, lang])
  return null
}
