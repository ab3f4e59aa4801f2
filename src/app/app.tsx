/**
 * Composition only: i18n, the session (restored offline at start; none → sign-in), the
 * signed-in user's own database and sync engine, the lock, the case index (while unlocked),
 * the shell and the update prompt.
 */
import { useEffect, useMemo } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { useLiveQuery } from 'dexie-react-hooks'
import { CaseFinderProvider } from '@/cases/case-finder-provider'
import { AppContextProvider, type SyncControl } from '@/components/app-context'
import { SignInForm } from '@/features/auth/sign-in-form'
import { UnlockScreen } from '@/features/auth/unlock-screen'
import type { RelaisDb } from '@/data/db'
import { unsealedCount } from '@/data/outbox'
import { i18n } from '@/i18n/i18n'
import { isLocked, type LockedSession, type Session } from '@/session/session'
import { useDeviceSettings } from './device-settings'
import { useLockAcrossTabs } from './lock-across-tabs'
import { StorageNotice, VaultResetNotice } from './notices'
import { AppRoutes } from './router'
import { preloadScreens } from './screens'
import { browserServices, type AppServices } from './services'
import { Shell, SignedOutShell } from './shell'
import { UpdatePrompt, type UpdateController } from './update-prompt'
import { useIdleLock } from './use-idle-lock'
import { useSessionGate } from './use-session-gate'
import { useSignedInSession } from './use-signed-in-session'
import { useStorageHigh } from './use-storage'

interface AppProps {
  services?: AppServices
  updates?: UpdateController | null
}

export function App({ services = browserServices, updates = null }: AppProps) {
  return (
    <I18nextProvider i18n={i18n}>
      {updates && <UpdatePrompt controller={updates} />}
      <SessionGate services={services} />
    </I18nextProvider>
  )
}

function SessionGate({ services }: { services: AppServices }) {
  const { t } = useTranslation()
  const { gate, signIn, signOut, wipe, signInOther, destroyed } = useSessionGate(services)

  if (gate.kind === 'loading') {
    return (
      <p className="splash" role="status">
        {t('app.loading')}
      </p>
    )
  }
  if (gate.kind === 'signedOut') {
    return (
      <SignedOutShell>
        {gate.message && (
          <p className="banner" role="alert">
            {t(gate.message)}
          </p>
        )}
        <SignInForm signIn={signIn} />
      </SignedOutShell>
    )
  }
  return (
    <SignedInApp
      key={gate.session.user.id}
      session={gate.session}
      services={services}
      onSignIn={signIn}
      onSignOut={signOut}
      onWipe={wipe}
      onSignInOther={signInOther}
      onDestroyed={destroyed}
    />
  )
}

interface SignedInAppProps {
  session: Session | LockedSession
  services: AppServices
  onSignIn(username: string, password: string): Promise<void>
  onSignOut(): Promise<void>
  onWipe(userId: string): Promise<void>
  onSignInOther(): void
  onDestroyed(): void
}

/** The user's database and sync engine, kept running while the app is locked (sealed uploads). */
function SignedInApp(props: SignedInAppProps) {
  const { session: given, services, onSignIn, onSignOut, onWipe, onSignInOther, onDestroyed } = props
  const userId = given.user.id
  const db = useMemo(() => services.openDb(userId), [services, userId])
  const signedIn = useSignedInSession({ given, services, db, onSignIn, onWipe, onDestroyed })
  const { session, lockNow } = signedIn

  const applyIdleLock = useIdleLock(!isLocked(session), services, lockNow)
  useLockAcrossTabs(userId, lockNow)

  // clear counts only: readable while locked
  const waitingUnlock = useLiveQuery(() => unsealedCount(db), [db]) ?? 0

  if (isLocked(session)) {
    return (
      <SignedOutShell>
        <UnlockScreen
          name={session.user.name}
          attemptsLeft={session.attemptsLeft}
          unlock={signedIn.unlock}
          onSignInOther={onSignInOther}
          waitingUnlock={waitingUnlock}
        />
      </SignedOutShell>
    )
  }
  return (
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
    />
  )
}

interface UnlockedAppProps {
  session: Session
  services: AppServices
  db: RelaisDb
  sync: SyncControl
  authRequired: boolean
  onSignInAgain(username: string, password: string): Promise<void>
  onSignOut(): Promise<void>
  onLock(): Promise<void>
  onIdleLockChange(minutes: number): void
}

function UnlockedApp(props: UnlockedAppProps) {
  const { session, services, db, sync, authRequired, onSignInAgain, onSignOut, onLock, onIdleLockChange } = props
  const context = useMemo(() => ({ session, db, sync }), [session, db, sync])
  usePreloadedScreens()
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
        <Shell
          authRequired={authRequired}
          onSignInAgain={onSignInAgain}
          onSignOut={onSignOut}
          onLock={() => void onLock()}
          notice={notice}
        >
          <AppRoutes role={session.user.role} settings={settings} />
        </Shell>
      </CaseFinderProvider>
    </AppContextProvider>
  )
}

/**
 * Once unlocked, the built app loads every screen's code in the background, a screen per
 * idle moment (screens.tsx). Tests load each screen as they open it.
 */
function usePreloadedScreens(): void {
  useEffect(() => {
    if (!import.meta.env.PROD) return
    let stopped = false
    const idle = () =>
      new Promise<void>((resolve) => {
        if (typeof requestIdleCallback === 'function') requestIdleCallback(() => resolve(), { timeout: 5000 })
        else setTimeout(resolve, 200)
      })
    void preloadScreens(idle, () => stopped)
    return () => {
      stopped = true
    }
  }, [])
}
