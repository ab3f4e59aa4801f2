/**
 * Composition only: i18n, the session (restored offline at start; none → sign-in), the
 * signed-in user's own database and sync engine, the shell and the update prompt.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { AppContextProvider, type SyncControl } from '@/components/app-context'
import { SignInForm } from '@/features/auth/sign-in-form'
import { UnlockScreen } from '@/features/auth/unlock-screen'
import { useLiveQuery } from 'dexie-react-hooks'
import type { RelaisDb } from '@/data/db'
import { unsealedCount } from '@/data/outbox'
import { i18n } from '@/i18n/i18n'
import { isLocked, MAX_UNLOCK_ATTEMPTS, type LockedSession, type Session } from '@/session/session'
import { AppRoutes } from './router'
import { browserServices, type AppServices, type SyncHandle } from './services'
import { Shell, SignedOutShell } from './shell'
import { UpdatePrompt, type UpdateController } from './update-prompt'

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

type Gate =
  { kind: 'loading' } | { kind: 'signedOut'; message?: string } | { kind: 'signedIn'; session: Session | LockedSession }

function SessionGate({ services }: { services: AppServices }) {
  const { t } = useTranslation()
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
    async (username: string, password: string) => {
      const session = await services.signIn(username, password)
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
  // the session given (a new sign-in replaces it), or what lock and unlock made of it since
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
  const engineRef = useRef<SyncHandle | null>(null)
  const [authRequired, setAuthRequired] = useState(!isLocked(given) && given.needsSignIn === true)

  useEffect(() => {
    sessionRef.current = session
  }, [session])

  useEffect(() => {
    const handle = services.startSync({
      db,
      getSession: () => sessionRef.current,
      onAuthRequired() {
        // the queue and the records stay as they are; only a new token is needed
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
  }, [db, services, userId, onWipe])

  const locked = isLocked(session)
  useEffect(() => {
    if (!locked) void services.afterUnlock(db).catch(() => undefined)
  }, [locked, services, db])

  const locking = useRef(false)
  const lockNow = useCallback(async () => {
    const current = sessionRef.current
    if (isLocked(current) || locking.current) return
    locking.current = true
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
    void engineRef.current?.syncNow('locked') // the sealed batches go now, with the push token
  }, [services, userId, db, setSession])

  useIdleLock(!locked, services, lockNow)
  useLockAcrossTabs(userId, lockNow)

  const unlock = useCallback(
    async (passphrase: string) => {
      const result = await services.unlock(userId, passphrase)
      if (result.ok) {
        sessionRef.current = result.session
        setSession(result.session)
        void engineRef.current?.syncNow('unlocked')
      } else if (result.reason === 'destroyed') {
        onDestroyed()
      }
      return result
    },
    [services, userId, onDestroyed, setSession],
  )

  // clear counts only: readable while locked
  const waitingUnlock = useLiveQuery(() => unsealedCount(db), [db]) ?? 0

  const sync: SyncControl = useMemo(
    () => ({ syncNow: (reason) => engineRef.current?.syncNow(reason) ?? Promise.resolve() }),
    [],
  )

  const signInAgain = useCallback(
    async (username: string, password: string) => {
      await onSignIn(username, password) // same user: the session is replaced, data untouched
      setAuthRequired(false)
      void engineRef.current?.syncNow('signed-in')
    },
    [onSignIn],
  )

  if (isLocked(session)) {
    return (
      <SignedOutShell>
        <UnlockScreen
          name={session.user.name}
          attemptsLeft={session.attemptsLeft}
          unlock={unlock}
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
      sync={sync}
      authRequired={authRequired}
      onSignInAgain={signInAgain}
      onSignOut={onSignOut}
      onLock={lockNow}
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
}

function UnlockedApp(props: UnlockedAppProps) {
  const { session, services, db, sync, authRequired, onSignInAgain, onSignOut, onLock } = props
  const context = useMemo(() => ({ session, db, sync }), [session, db, sync])
  const storageHigh = useStorageHigh(services)
  const notice = (
    <>
      {session.vaultReset && <VaultResetNotice />}
      {storageHigh !== null && <StorageNotice percent={storageHigh} />}
    </>
  )
  return (
    <AppContextProvider value={context}>
      <Shell
        authRequired={authRequired}
        onSignInAgain={onSignInAgain}
        onSignOut={onSignOut}
        onLock={() => void onLock()}
        notice={notice}
      >
        <AppRoutes role={session.user.role} />
      </Shell>
    </AppContextProvider>
  )
}

/** The share of the quota in use, in percent, when above 80 %; null otherwise. */
function useStorageHigh(services: AppServices): number | null {
  const [percent, setPercent] = useState<number | null>(null)
  useEffect(() => {
    let cancelled = false
    void services
      .storageEstimate()
      .catch(() => null)
      .then((use) => {
        if (cancelled || !use) return
        const share = Math.round((use.usage / use.quota) * 100)
        setPercent(share > 80 ? share : null)
      })
    return () => {
      cancelled = true
    }
  }, [services])
  return percent
}

function StorageNotice({ percent }: { percent: number }) {
  const { t } = useTranslation()
  return (
    <p className="banner" role="alert">
      <span aria-hidden="true">⚠ </span>
      {t('lock.storageHigh', { percent })}
    </p>
  )
}

function VaultResetNotice() {
  const { t } = useTranslation()
  return (
    <p className="banner" role="alert">
      <span aria-hidden="true">⚠ </span>
      {t('lock.vaultReset')}
    </p>
  )
}

const LOCK_CHANNEL = 'relais-lock'

/** A lock in one tab locks the user's other tabs too (each tab holds its own keys). */
function useLockAcrossTabs(userId: string, lockNow: () => Promise<void>): void {
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return
    const channel = new BroadcastChannel(LOCK_CHANNEL)
    channel.onmessage = (event: MessageEvent<unknown>) => {
      if (event.data === userId) void lockNow()
    }
    return () => channel.close()
  }, [userId, lockNow])
}

function tellOtherTabs(userId: string): void {
  if (typeof BroadcastChannel === 'undefined') return
  const channel = new BroadcastChannel(LOCK_CHANNEL)
  channel.postMessage(userId)
  channel.close()
}

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const

/** Locks after the per-device idle time without input (default 5 min). */
function useIdleLock(active: boolean, services: AppServices, lockNow: () => Promise<void>): void {
  useEffect(() => {
    if (!active || typeof window === 'undefined') return
    let cancelled = false
    let timer: ReturnType<typeof setTimeout> | undefined
    let ms = 5 * 60_000
    const arm = () => {
      clearTimeout(timer)
      timer = setTimeout(() => void lockNow(), ms)
    }
    void services
      .idleLockMinutes()
      .catch(() => 5)
      .then((minutes) => {
        if (cancelled) return
        ms = minutes * 60_000
        arm()
      })
    for (const name of ACTIVITY_EVENTS) window.addEventListener(name, arm, { passive: true })
    return () => {
      cancelled = true
      clearTimeout(timer)
      for (const name of ACTIVITY_EVENTS) window.removeEventListener(name, arm)
    }
  }, [active, services, lockNow])
}
