/**
 * Username · Password · Sign in. Every sign-in needs the server; after one, the session is
 * restored offline (Lock · Unlock), so offline the form says so: "the first sign-in" on a
 * phone where nobody has signed in, else that signing in needs a connection and that Lock,
 * not Sign out, keeps the work going offline.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useBrowserOnline } from '@/components/use-online'
import { BusyButton } from '@/components/busy-button'

interface SignInFormProps {
  signIn(username: string, password: string, deviceName?: string): Promise<void>
  /** Shown above the form (e.g. why signing in again is needed). */
  intro?: string
  /** Shown under the title, before the fields (e.g. what others left waiting on this phone). */
  notice?: ReactNode
  /** Prefilled and kept when signing in again. */
  defaultUsername?: string
  /** Nobody has signed in on this phone yet; undefined: not known yet (the offline note waits for it). */
  firstOnThisPhone?: boolean
  /** Focus the title when the form shows (after a sign-out: the screen the user was on is gone). */
  focusTitle?: boolean
}

type Problem = { key: string; minutes?: number } | null

/** Reads a SignInError (or anything shaped like one) into the message to show. */
function problemOf(err: unknown, offlineKey: string): Problem {
  const kind = typeof err === 'object' && err !== null ? (err as { kind?: unknown }).kind : undefined
  if (kind === 'offline') return { key: offlineKey }
  if (kind === 'invalid_credentials') return { key: 'auth.invalidCredentials' }
  if (kind === 'account_disabled') return { key: 'auth.accountDisabled' }
  if (kind === 'device_blocked') return { key: 'auth.deviceBlocked' }
  if (kind === 'update_required') return { key: 'auth.updateRequired' }
  if (kind === 'rate_limited') {
    const seconds = (err as { retryAfterSeconds?: unknown }).retryAfterSeconds
    return typeof seconds === 'number'
      ? { key: 'auth.rateLimited', minutes: Math.max(1, Math.ceil(seconds / 60)) }
      : { key: 'auth.rateLimitedNoDelay' }
  }
  return { key: 'auth.server' }
}

export function SignInForm(props: SignInFormProps) {
  const { signIn, intro, notice, defaultUsername = '', firstOnThisPhone, focusTitle = false } = props
  const { t } = useTranslation()
  const online = useBrowserOnline()
  const [username, setUsername] = useState(defaultUsername)
  const [password, setPassword] = useState('')
  // asked at a first sign-in only (signing in again keeps the name the phone was given)
  const [deviceName, setDeviceName] = useState('')
  const firstSignIn = defaultUsername === ''
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<Problem>(null)
  /** Where a refused try sends focus (the button was disabled meanwhile), once per try. */
  const [refused, setRefused] = useState<{ focus: 'username' | 'password' | 'problem'; n: number } | null>(null)
  const usernameRef = useRef<HTMLInputElement>(null)
  const passwordRef = useRef<HTMLInputElement>(null)
  const problemRef = useRef<HTMLParagraphElement>(null)
  const titleRef = useRef<HTMLHeadingElement>(null)
  const offlineKey = firstOnThisPhone ? 'auth.firstSignInOffline' : 'auth.signInOffline'
  const missingUsername = problem?.key === 'auth.missing' && !username.trim()
  const missingPassword = problem?.key === 'auth.missing' && !password
  const wrongPassword = problem?.key === 'auth.invalidCredentials'

  useEffect(() => {
    if (focusTitle) titleRef.current?.focus()
    // once, as the form shows
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    if (refused?.focus === 'username') usernameRef.current?.focus()
    else if (refused?.focus === 'password') {
      passwordRef.current?.focus()
      passwordRef.current?.select()
    } else if (refused?.focus === 'problem') problemRef.current?.focus()
  }, [refused])

  /** The empty field, the password to type again, or else the message itself. */
  const refuse = (next: Problem, focus: 'username' | 'password' | 'problem') => {
    setProblem(next)
    setRefused((r) => ({ focus, n: (r?.n ?? 0) + 1 }))
  }

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (!username.trim() || !password) {
      refuse({ key: 'auth.missing' }, username.trim() ? 'password' : 'username')
      return
    }
    setBusy(true)
    setProblem(null)
    try {
      await signIn(username.trim(), password, firstSignIn ? deviceName.trim() || undefined : undefined)
    } catch (err) {
      const next = problemOf(err, offlineKey)
      setBusy(false)
      refuse(next, next?.key === 'auth.invalidCredentials' ? 'password' : 'problem')
    }
  }

  const offlineHint = !online && firstOnThisPhone !== undefined && problem?.key !== offlineKey
  return (
    <form className="sign-in" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" ref={titleRef} tabIndex={focusTitle ? -1 : undefined}>
        {t('auth.title')}
      </h1>
      {intro && <p className="notice">{intro}</p>}
      {notice}
      {offlineHint && (
        <p className="notice" role="status">
          <span aria-hidden="true">○ </span>
          {t(offlineKey)}
        </p>
      )}
      {problem && (
        <p className="form-problem" role="alert" id="sign-in-problem" ref={problemRef} tabIndex={-1}>
          <span aria-hidden="true">⚠ </span>
          {t(problem.key, { minutes: problem.minutes })}
        </p>
      )}
      <div className="field">
        <label htmlFor="sign-in-username">{t('auth.username')}</label>
        <input
          id="sign-in-username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          aria-invalid={missingUsername || wrongPassword || undefined}
          aria-describedby={missingUsername || wrongPassword ? 'sign-in-problem' : undefined}
          ref={usernameRef}
          required
        />
      </div>
      <div className="field">
        <label htmlFor="sign-in-password">{t('auth.password')}</label>
        <input
          id="sign-in-password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={missingPassword || wrongPassword || undefined}
          aria-describedby={missingPassword || wrongPassword ? 'sign-in-problem' : undefined}
          ref={passwordRef}
          required
        />
      </div>
      {firstSignIn && (
        <div className="field">
          <label htmlFor="sign-in-device-name">{t('auth.deviceName')}</label>
          <input
            id="sign-in-device-name"
            name="device-name"
            autoComplete="off"
            maxLength={60}
            aria-describedby="sign-in-device-name-hint"
            value={deviceName}
            onChange={(e) => setDeviceName(e.target.value)}
          />
          <p id="sign-in-device-name-hint" className="hint">
            {t('auth.deviceNameHint')}
          </p>
        </div>
      )}
      <BusyButton type="submit" className="primary" busy={busy}>
        {busy ? t('auth.signingIn') : t('auth.signIn')}
      </BusyButton>
    </form>
  )
}
