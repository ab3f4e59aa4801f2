/**
 * Composition only: i18n, the session (restored offline at start; none → sign-in), the
 * signed-in user's own database and sync engine, the shell and the update prompt.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { AppContextProvider, type SyncControl } from '@/components/app-context'
import { SignInForm } from '@/features/auth/sign-in-form'
import { i18n } from '@/i18n/i18n'
import type { Session } from '@/session/session'
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

type Gate = { kind: 'loading' } | { kind: 'signedOut' } | { kind: 'signedIn'; session: Session }

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
    />
  )
}

interface SignedInAppProps {
  session: Session
  services: AppServices
  onSignIn(username: string, password: string): Promise<void>
  onSignOut(): Promise<void>
  onWipe(userId: string): Promise<void>
}

function SignedInApp({ session, services, onSignIn, onSignOut, onWipe }: SignedInAppProps) {
  const userId = session.user.id
  const db = useMemo(() => services.openDb(userId), [services, userId])
  const sessionRef = useRef(session)
  const engineRef = useRef<SyncHandle | null>(null)
  const [authRequired, setAuthRequired] = useState(session.needsSignIn === true)

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

  const sync: SyncControl = useMemo(
    () => ({ syncNow: (reason) => engineRef.current?.syncNow(reason) ?? Promise.resolve() }),
    [],
  )
  const context = useMemo(() => ({ session, db, sync }), [session, db, sync])

  const signInAgain = useCallback(
    async (username: string, password: string) => {
      await onSignIn(username, password) // same user: the session is replaced, data untouched
      setAuthRequired(false)
      void engineRef.current?.syncNow('signed-in')
    },
    [onSignIn],
  )

  return (
    <AppContextProvider value={context}>
      <Shell authRequired={authRequired} onSignInAgain={signInAgain} onSignOut={onSignOut}>
        <AppRoutes role={session.user.role} />
      </Shell>
    </AppContextProvider>
  )
}
