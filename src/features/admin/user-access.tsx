/**
 * Disables an account after a confirmation (its tokens stop at once), or enables it
 * again. Focus goes to the question, then (Cancel) back to the button that opened it. Says when
 * wrong passwords lock the user out, and lifts that lock (sign-in-lock.tsx).
 */
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { User } from '@/shared/schemas/auth'
import { problemKey } from './problem-message'
import { ResultNotice, type Notice } from './result-notice'
import { lockHolds, SignInLock } from './sign-in-lock'
import { useAdminApi } from './use-admin-api'
import { useQuestionFocus } from '@/components/use-question-focus'

interface UserAccessProps {
  user: User
  onChanged(user: User): void
  /** When a lock after wrong passwords ends; null when there is none (or it is not known). */
  lockedUntil: string | null
  onUnlocked(): void
}

export function UserAccess({ user, onChanged, lockedUntil, onUnlocked }: UserAccessProps) {
  const { t } = useTranslation()
  const api = useAdminApi()
  const [confirming, setConfirming] = useState(false)
  const [saving, setSaving] = useState(false)
  const [notice, setNotice] = useState<Notice | null>(null)
  const {
    question,
    opener,
    closeToOpener: cancel,
  } = useQuestionFocus<HTMLHeadingElement>(confirming, () => setConfirming(false))

  async function setActive(active: boolean) {
    setSaving(true)
    const result = await api.updateUser(user.id, { active })
    setSaving(false)
    setConfirming(false)
    if (result.ok) {
      onChanged(result.value)
      setNotice({
        kind: 'ok',
        text: t(active ? 'admin.access.enabled' : 'admin.access.disabled', { name: user.name }),
      })
    } else {
      setNotice({ kind: 'problem', text: t(problemKey(result.problem)) })
    }
  }

  return (
    <section aria-labelledby="access-title" className="admin-access">
      <h2 id="access-title">{t('admin.access.title')}</h2>
      <SignInLock user={user} lockedUntil={lockedUntil} onUnlocked={onUnlocked} />
      {user.active ? (
        confirming ? (
          <div className="confirm-panel" role="group" aria-labelledby="access-question">
            <h3 id="access-question" tabIndex={-1} ref={question}>
              {t('admin.access.confirmQuestion', { name: user.name })}
            </h3>
            <p>{t('admin.access.confirmExplain')}</p>
            <div className="actions">
              <button type="button" className="danger" disabled={saving} onClick={() => void setActive(false)}>
                {saving ? t('admin.sending') : t('admin.access.confirmDisable')}
              </button>
              <button type="button" disabled={saving} onClick={cancel}>
                {t('admin.cancel')}
              </button>
            </div>
          </div>
        ) : (
          <>
            {!lockHolds(lockedUntil) && <p>{t('admin.access.activeNow')}</p>}
            <button type="button" className="danger" ref={opener} onClick={() => setConfirming(true)}>
              {t('admin.access.disable')}
            </button>
          </>
        )
      ) : (
        <>
          <p>{t('admin.access.disabledNow')}</p>
          <button type="button" disabled={saving} onClick={() => void setActive(true)}>
            {saving ? t('admin.sending') : t('admin.access.enable')}
          </button>
        </>
      )}
      <ResultNotice notice={notice} />
    </section>
  )
}
