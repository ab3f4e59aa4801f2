/**
 * The first screen and the composition: i18n, the session (read at start without the
 * rest of the app; none → sign-in), the unlock form while locked, and the signed-in user's
 * side of the app (signed-in-app.tsx) with its services, whose code loads once the first
 * screen is up, while the user types. An action taken before it arrived waits for it.
 */
import { lazy, Suspense, useCallback, useEffect, useLayoutEffect, useRef, useState, type ComponentType } from 'react'
import { I18nextProvider, useTranslation } from 'react-i18next'
import { LeftWorkNotice } from '@/features/auth/left-work-notice'
import { SignInForm } from '@/features/auth/sign-in-form'
import { UnlockScreen } from '@/features/auth/unlock-screen'
import { i18n } from '@/i18n/i18n'
import { dropBootUnlock, forgetBootUnlock } from '@/session/boot-unlock'
import { peekLeftWork, peekSignedInBefore } from '@/session/session-peek'
import { isLocked, type LeftWork, type LockedSession, type Session, type UnlockResult } from '@/session/session-types'
import { ScreenBoundary } from './screen-boundary'
import type { AppServices } from './services'
import type { LockedView, SignedInAppProps } from './signed-in-app'
import { SignedOutShell } from './signed-out-shell'
import { UpdatePrompt, type UpdateController } from './update-prompt'
import { useBootUnlockWords } from './use-boot-unlock-words'
import { useSessionGate } from './use-session-gate'

interface AppProps {
  /** The app's services, or (the built app) what loads them after the first screen. */
  services: AppServices | (() => Promise<AppServices>)
  /** The session read at start (session-peek.ts); undefined: the services say. */
  initialSession?: Session | LockedSession | null
  updates?: UpdateController | null
}

export function App({ services, initialSession, updates = null }: AppProps) {
  const [loadServices] = useState(() =>
    typeof services === 'function' ? once(services) : () => Promise.resolve(services),
  )
  return (
    <I18nextProvider i18n={i18n}>
      {updates && <UpdatePrompt controller={updates} />}
      <SessionGate loadServices={loadServices} initialSession={initialSession} />
    </I18nextProvider>
  )
}

interface SessionGateProps {
  loadServices(): Promise<AppServices>
  initialSession: Session | LockedSession | null | undefined
}

function SessionGate({ loadServices, initialSession }: SessionGateProps) {
  const { t } = useTranslation()
  const { gate, signIn, signInFromForm, signOut, wipe, signInOther, destroyed } = useSessionGate(
    loadServices,
    initialSession,
  )
  const [SignedInApp] = useState(() => signedInAppLoader(loadServices))

  // the rest of the app loads while the user reads and types: with a session, once the
  // first screen is up (an unlock needs it at once); on the sign-in form, from the first
  // touch or key (the sign-in's round trip and key derivation leave it time, and a first
  // visit's page is free at once: the service worker fetches the code meanwhile anyway)
  const signedOut = gate.kind === 'signedOut'
  useEffect(() => {
    const preload = () => void SignedInApp.preload().catch(() => undefined)
    return signedOut ? onFirstTouchOrKey(preload) : afterFirstPaint(preload)
  }, [SignedInApp, signedOut])

  // what those who signed out left waiting here, read (plain IndexedDB) each time the sign-in form shows
  // and whether anyone signed in here before (the offline note's words)
  const [leftWork, setLeftWork] = useState<LeftWork[]>([])
  const [firstOnThisPhone, setFirstOnThisPhone] = useState<boolean | undefined>(undefined)
  useEffect(() => {
    if (!signedOut) return
    let live = true
    void peekLeftWork().then((left) => {
      if (live) setLeftWork(left)
    })
    // unreadable: not known to be a first sign-in, and "signing in needs a connection" is true for all
    void peekSignedInBefore().then((before) => {
      if (live) setFirstOnThisPhone(before === false)
    })
    return () => {
      live = false
      setLeftWork([]) // read again at the next sign-out: a sign-in may have taken some
      setFirstOnThisPhone(undefined)
    }
  }, [signedOut])

  // the plain unlock form drawn before the app loaded (boot-unlock.ts) gives way to any
  // first screen but the unlock screen (which takes it over); signed out, the next cold
  // start draws none
  useLayoutEffect(() => {
    if (gate.kind === 'loading') return
    dropBootUnlock()
    if (gate.kind === 'signedOut') forgetBootUnlock()
  }, [gate.kind])

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
        <SignInForm
          signIn={signInFromForm}
          notice={<LeftWorkNotice left={leftWork} />}
          firstOnThisPhone={firstOnThisPhone}
          focusTitle={gate.left === true}
        />
      </SignedOutShell>
    )
  }
  return (
    <SignedInGate
      key={gate.session.user.id}
      session={gate.session}
      signedInNow={gate.signedInNow === true}
      SignedInApp={SignedInApp.Component}
      onSignIn={signIn}
      onSignOut={signOut}
      onWipe={wipe}
      onSignInOther={signInOther}
      onDestroyed={destroyed}
    />
  )
}

type LoadedProps = Omit<SignedInAppProps, 'services'>

interface SignedInGateProps extends Omit<LoadedProps, 'onLockedView' | 'onUnlockReady'> {
  SignedInApp: ComponentType<LoadedProps>
  onSignInOther(): void
}

/**
 * The unlock form while locked, shown at once at a cold start; the signed-in side beside
 * it (its sync engine uploads sealed work while locked) says when it is locked and takes
 * the passphrase. The form stays the same element while that side loads: nothing typed
 * is lost.
 */
function SignedInGate({ SignedInApp, onSignInOther, ...props }: SignedInGateProps) {
  const { t } = useTranslation()
  const given = props.session
  useBootUnlockWords(given.user.name)
  const [reported, setReported] = useState<LockedView | null | undefined>(undefined)
  const view =
    reported !== undefined ? reported : isLocked(given) ? { attemptsLeft: given.attemptsLeft, waitingUnlock: 0 } : null

  const unlockReady = useRef(deferred<(passphrase: string) => Promise<UnlockResult>>())
  const onUnlockReady = useCallback((unlock: (passphrase: string) => Promise<UnlockResult>) => {
    if (unlockReady.current.settled) unlockReady.current = deferred()
    unlockReady.current.resolve(unlock)
  }, [])
  const unlock = useCallback(
    (passphrase: string) => unlockReady.current.promise.then((unlockWith) => unlockWith(passphrase)),
    [],
  )

  const loading = (
    <p className="splash" role="status">
      {t('app.loading')}
    </p>
  )
  return (
    <>
      {view && (
        <SignedOutShell>
          <UnlockScreen
            name={given.user.name}
            attemptsLeft={view.attemptsLeft}
            unlock={unlock}
            onSignInOther={onSignInOther}
            waitingUnlock={view.waitingUnlock}
          />
        </SignedOutShell>
      )}
      <ScreenBoundary path="signed-in">
        <Suspense fallback={view ? null : loading}>
          <SignedInApp {...props} onLockedView={setReported} onUnlockReady={onUnlockReady} />
        </Suspense>
      </ScreenBoundary>
    </>
  )
}

interface SignedInAppLoader {
  Component: ComponentType<LoadedProps>
  /** Starts loading the code and the services (once); rendering the component waits for them. */
  preload(): Promise<unknown>
}

function signedInAppLoader(loadServices: () => Promise<AppServices>): SignedInAppLoader {
  const preload = once(() => Promise.all([import('./signed-in-app'), loadServices()]))
  const Component = lazy(async () => {
    const [{ SignedInApp }, services] = await preload()
    return { default: (props: LoadedProps) => <SignedInApp {...props} services={services} /> }
  })
  return { Component, preload }
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined
  return () => {
    promise ??= load().catch((error: unknown) => {
      promise = undefined // a failed fetch may succeed later
      throw error
    })
    return promise
  }
}

interface Deferred<T> {
  promise: Promise<T>
  resolve(value: T): void
  settled: boolean
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  const d: Deferred<T> = {
    promise,
    settled: false,
    resolve(value) {
      d.settled = true
      resolve(value)
    },
  }
  return d
}

/** Runs `task` at the page's first pointer press or key press, once; returns a cancel. */
function onFirstTouchOrKey(task: () => void): () => void {
  const events = ['pointerdown', 'keydown'] as const
  const run = () => {
    cancel()
    task()
  }
  const cancel = () => events.forEach((type) => document.removeEventListener(type, run, { capture: true }))
  events.forEach((type) => document.addEventListener(type, run, { capture: true, passive: true }))
  return cancel
}

/** Runs `task` once the browser has painted (a frame, then a task); returns a cancel. */
function afterFirstPaint(task: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let frame: number | undefined
  if (typeof requestAnimationFrame === 'function') {
    frame = requestAnimationFrame(() => {
      timer = setTimeout(task, 0)
    })
  } else {
    timer = setTimeout(task, 0)
  }
  return () => {
    if (frame !== undefined) cancelAnimationFrame(frame)
    if (timer !== undefined) clearTimeout(timer)
  }
}
