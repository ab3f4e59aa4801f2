/**
 * Unlock (Déverrouiller): the locked user's name, their passphrase (their sign-in
 * password), the attempts left, and a way to sign in as someone else. Works offline:
 * the vault opens on the device.
 */
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { MAX_UNLOCK_ATTEMPTS, WARN_ATTEMPTS_LEFT, type UnlockResult } from '@/session/session-types'

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
  const [passphrase, setPassphrase] = useState('')
  const [busy, setBusy] = useState(false)
  const [left, setLeft] = useState(initialLeft)
  const [wrong, setWrong] = useState(false)

  async function submit(e: FormEvent) {
    e.preventDefault()
    if (!passphrase) return
    setBusy(true)
    try {
      const result = await unlock(passphrase)
      if (!result.ok && result.reason === 'wrong_passphrase') {
        setLeft(result.attemptsLeft)
        setWrong(true)
        setPassphrase('')
      }
    } finally {
      setBusy(false)
    }
  }

  const failed = left < MAX_UNLOCK_ATTEMPTS
  return (
    <form className="sign-in" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="unlock-title">
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
          name="password"
          type="password"
          autoComplete="current-password"
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          required
        />
      </div>
      <button type="submit" className="primary" disabled={busy}>
        {busy ? t('lock.unlocking') : t('lock.unlock')}
      </button>
      <button type="button" className="link-button" onClick={onSignInOther}>
        {t('lock.signInOther')}
      </button>
    </form>
  )
}
