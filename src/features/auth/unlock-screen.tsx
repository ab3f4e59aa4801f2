/**
 * Unlock (Déverrouiller): the locked user's name, their passphrase (their sign-in
 * password), the attempts left, and a way to sign in as someone else. Works offline:
 * the vault opens on the device.
 */
import { useEffect, useLayoutEffect, useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { dropBootUnlock, peekBootUnlock } from '@/session/boot-unlock'
import { MAX_UNLOCK_ATTEMPTS, WARN_ATTEMPTS_LEFT, type UnlockResult } from '@/session/session-types'
import { BusyButton } from '@/components/busy-button'

interface UnlockScreenProps {
  name: string
  attemptsLeft: number
  unlock(passphrase: string): Promise<UnlockResult>
  onSignInOther(): void
  /** Records saved but not sealed (no server key yet, or saved after the lock): they upload after unlock. */
  waitingUnlock?: number
}

export function UnlockScreen({
  name,
  attemptsLeft: initialLeft,
  unlock,
  onSignInOther,
  waitingUnlock = 0,
}: UnlockScreenProps) {
  const { t } = useTranslation()
  // at a cold start, the plain form drawn before the app loaded (boot-unlock.ts) hands over
  // what it holds: read as this form renders, removed as it enters the page
  const [early] = useState(peekBootUnlock)
  const [passphrase, setPassphrase] = useState(early?.passphrase ?? '')
  const [busy, setBusy] = useState(early?.submitted ?? false)
  const [left, setLeft] = useState(initialLeft)
  const [wrong, setWrong] = useState(false)
  const input = useRef<HTMLInputElement>(null)

  /** Unlocks with what was typed; `busy` is already set. */
  async function unlockWith(typed: string) {
    try {
      const result = await unlock(typed)
      if (!result.ok && result.reason === 'wrong_passphrase') {
        setLeft(result.attemptsLeft)
        setWrong(true)
        setPassphrase('')
      }
    } finally {
      setBusy(false)
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault()
    if (!passphrase) return
    setBusy(true)
    void unlockWith(passphrase)
  }

  useLayoutEffect(() => {
    // the one thing to do here: the password takes focus (a keyboard user who locked types at once)
    if (!early) return void input.current?.focus()
    dropBootUnlock()
    const field = input.current
    if (early.focused) field?.focus()
    if (early.selection) field?.setSelectionRange(...early.selection)
  }, [early])

  // Unlock tapped before the app had loaded: it unlocks now, once
  const unlockedEarly = useRef(false)
  useEffect(() => {
    if (!early?.submitted || unlockedEarly.current) return
    unlockedEarly.current = true
    void unlockWith(early.passphrase)
    // with what the plain form held at mount
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [early])

  const failed = left < MAX_UNLOCK_ATTEMPTS
  return (
    <form className="sign-in" onSubmit={submit} noValidate aria-labelledby="unlock-title">
      <h1 id="unlock-title">{t('lock.title')}</h1>
      <p>{t('lock.lockedFor', { name })}</p>
      {waitingUnlock > 0 && (
        <p className="notice" role="status">
          <span aria-hidden="true">○ </span>
          {t('lock.waitingUnlock')}
        </p>
      )}
      {wrong && (
        <p className="form-problem" role="alert">
          <span aria-hidden="true">⚠ </span>
          {t('lock.wrong', { count: left })}
        </p>
      )}
      {failed && !wrong && left <= WARN_ATTEMPTS_LEFT && (
        <p className="form-problem" role="status">
          <span aria-hidden="true">⚠ </span>
          {t('lock.eraseWarning', { count: left })}
        </p>
      )}
      {failed && !wrong && left > WARN_ATTEMPTS_LEFT && <p role="status">{t('lock.attemptsLeft', { count: left })}</p>}
      <div className="field">
        <label htmlFor="unlock-passphrase">{t('auth.password')}</label>
        <input
          id="unlock-passphrase"
          ref={input}
          name="password"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          required
        />
      </div>
      <BusyButton type="submit" className="primary" busy={busy}>
        {busy ? t('lock.unlocking') : t('lock.unlock')}
      </BusyButton>
      {failed && (
        // an admin's new password does not open this phone: only signing in again takes it
        <p className="hint">
          {t('lock.newPasswordHint')}{' '}
          <button type="button" className="link-button" onClick={onSignInOther}>
            {t('lock.signInWithNew')}
          </button>
        </p>
      )}
      <button type="button" className="link-button" onClick={onSignInOther}>
        {t('lock.signInOther')}
      </button>
    </form>
  )
}
