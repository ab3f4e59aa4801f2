/**
 * A user locked out by too many wrong passwords (10 in 15 minutes, even with the right
 * one after that): until when, in Niger time, and a button that lifts the lock. The
 * notice stays once the lock is gone, so that the admin sees it is done.
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { formatSiteTime } from '@/components/dates'
import type { User } from '@/shared/schemas/auth'
import { problemKey } from './problem-message'
import { ResultNotice, type Notice } from './result-notice'
import { useAdminApi } from './use-admin-api'

interface SignInLockProps {
  user: User
  /** When the lock ends by itself; null when there is none. */
  lockedUntil: string | null
  onUnlocked(): void
  /** In the users list: one short line and a button naming the user, the explanation left to the user's page. */
  brief?: boolean
}

/** Whether a lock read earlier still holds (it ends by itself while the screen is open). */
export const lockHolds = (lockedUntil: string | null): lockedUntil is string =>
  lockedUntil !== null && Date.parse(lockedUntil) > Date.now()

export function SignInLock({ user, lockedUntil, onUnlocked, brief = false }: SignInLockProps) {
  const { t } = useTranslation()
  const api = useAdminApi()
  const [saving, setSaving] = useState(false)
  const [notice, setNotice] = useState<Notice | null>(null)

  async function unlock() {
    setSaving(true)
    const result = await api.unlockSignIn(user.username)
    setSaving(false)
    if (result.ok) {
      onUnlocked()
      setNotice({ kind: 'ok', text: t('admin.lock.done', { name: user.name }) })
    } else {
      setNotice({ kind: 'problem', text: t(problemKey(result.problem)) })
    }
  }

  return (
    <>
      {lockHolds(lockedUntil) && (
        <div className="sign-in-lock">
          <p className="disabled-word">
            <span aria-hidden="true">⊘ </span>
            {brief
              ? t('admin.lock.lockedUntilBrief', { time: formatSiteTime(lockedUntil) })
              : t('admin.lock.lockedUntil', { time: formatSiteTime(lockedUntil), username: user.username })}
          </p>
          {!brief && <p className="hint">{t('admin.lock.explain', { name: user.name })}</p>}
          <button type="button" disabled={saving} onClick={() => void unlock()}>
            {saving
              ? t('admin.sending')
              : brief
                ? t('admin.lock.unlockNamed', { name: user.name })
                : t('admin.lock.unlock')}
          </button>
        </div>
      )}
      <ResultNotice notice={notice} />
    </>
  )
}
