/** One account (admin): name, role and sites; a new password; a lock after wrong passwords; disable or enable. */
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useParams } from 'react-router'
import { useSession } from '@/components/app-context'
import type { User } from '@/shared/schemas/auth'
import { PasswordResetForm } from './password-reset-form'
import { ProblemMessage } from './problem-message'
import { useAdminApi, useRemote } from './use-admin-api'
import { UserAccess } from './user-access'
import { UserDetailsForm } from './user-details-form'
import './admin.css'

export function EditUser() {
  const { t } = useTranslation()
  const { id } = useParams()
  const api = useAdminApi()
  const session = useSession()
  // the API lists users; there is no single-user read
  const load = useCallback(() => api.listUsers(), [api])
  const { state, reload, update } = useRemote(load)
  const replace = useCallback(
    (next: User) => update((users) => users.map((u) => (u.id === next.id ? next : u))),
    [update],
  )
  const user = state.status === 'ok' ? state.value.find((u) => u.id === id) : undefined
  // read apart from the list: an older server, or none reachable, only hides the lock
  const loadLock = useCallback(() => api.signInLock(id ?? ''), [api, id])
  const { state: lock, update: updateLock } = useRemote(loadLock)
  const lockedUntil = lock.status === 'ok' ? lock.value.lockedUntil : null
  const unlocked = useCallback(() => updateLock((value) => ({ ...value, lockedUntil: null })), [updateLock])

  return (
    <section aria-labelledby="edit-user-title" className="admin">
      <p>
        <Link to="/admin/users" className="standalone-link">
          {t('admin.users.backToList')}
        </Link>
      </p>
      {state.status === 'loading' && <p role="status">{t('app.loading')}</p>}
      {state.status === 'problem' && (
        <>
          <h1 id="edit-user-title">{t('admin.users.title')}</h1>
          <ProblemMessage problem={state.problem} onRetry={reload} />
        </>
      )}
      {state.status === 'ok' && !user && (
        <>
          <h1 id="edit-user-title">{t('admin.users.title')}</h1>
          <ProblemMessage problem={{ kind: 'not_found' }} />
        </>
      )}
      {user && (
        <>
          <h1 id="edit-user-title">{user.name}</h1>
          <p className="record-meta">
            {user.username} · {t(`codes.role.${user.role}`)}
          </p>
          {!user.active && (
            <p className="disabled-word">
              <span aria-hidden="true">⊘ </span>
              {t('admin.users.disabledLong')}
            </p>
          )}
          <UserDetailsForm key={`details-${user.id}`} user={user} onSaved={replace} />
          {user.id === session.user.id ? (
            // one's own passphrase needs the current one: it is changed in the settings
            <p className="hint">
              {t('admin.reset.ownAccount')} <Link to="/settings">{t('admin.reset.ownAccountLink')}</Link>
            </p>
          ) : (
            <PasswordResetForm key={`password-${user.id}`} user={user} onReset={unlocked} />
          )}
          <UserAccess
            key={`access-${user.id}`}
            user={user}
            onChanged={replace}
            lockedUntil={lockedUntil}
            onUnlocked={unlocked}
          />
        </>
      )}
    </section>
  )
}
