/**
 * Users (admin): every account, its role and sites, disabled ones said in words, and
 * those wrong passwords lock out now, until when, with a button that lifts the lock.
 */
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'react-router'
import { useSites } from '@/components/use-records'
import type { User } from '@/shared/schemas/auth'
import { ProblemMessage } from './problem-message'
import { ResultNotice, type Notice } from './result-notice'
import { SignInLock } from './sign-in-lock'
import { useAdminApi, useRemote } from './use-admin-api'
import { useSignInLocks } from './use-sign-in-locks'
import './admin.css'

const byActiveThenName = (a: User, b: User) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name)

export function UsersList() {
  const { t } = useTranslation()
  const api = useAdminApi()
  const load = useCallback(() => api.listUsers(), [api])
  const { state, reload } = useRemote(load)
  const sites = useSites()
  const locks = useSignInLocks()
  const location = useLocation()
  const created = (location.state as { created?: string } | null)?.created
  const [notice] = useState<Notice | null>(() =>
    created ? { kind: 'ok', text: t('admin.users.created', { name: created }) } : null,
  )
  const siteNames = (user: User) =>
    user.role === 'admin'
      ? t('admin.users.allSites')
      : user.sites.length === 0
        ? t('admin.users.noSiteAssigned')
        : user.sites.map((code) => sites?.find((s) => s.code === code)?.name ?? code).join(t('app.listSeparator'))

  return (
    <section aria-labelledby="users-title" className="record-list admin">
      <div className="list-head">
        <h1 id="users-title">{t('admin.users.title')}</h1>
        <Link to="/admin/users/new" className="button primary">
          {t('admin.users.new')}
        </Link>
      </div>
      <ResultNotice notice={notice} />
      {(state.status === 'loading' || !sites) && <p role="status">{t('app.loading')}</p>}
      {state.status === 'problem' && <ProblemMessage problem={state.problem} onRetry={reload} />}
      {state.status === 'ok' && sites && locks.state.status === 'problem' && (
        <p className="hint">{t('admin.lock.listUnknown')}</p>
      )}
      {state.status === 'ok' && sites && (
        <ul aria-labelledby="users-title">
          {[...state.value].sort(byActiveThenName).map((user) => (
            <li key={user.id} className={`record-row${user.active ? '' : ' is-disabled'}`}>
              <h2 className="record-title">
                <Link to={`/admin/users/${user.id}`}>{user.name}</Link>
              </h2>
              <p className="record-meta">
                {user.username} · {t(`codes.role.${user.role}`)}
              </p>
              <p className="record-meta">{siteNames(user)}</p>
              {!user.active && (
                <p className="disabled-word">
                  <span aria-hidden="true">⊘ </span>
                  {t('admin.users.disabled')}
                </p>
              )}
              {locks.state.status === 'ok' && (
                <SignInLock
                  brief
                  user={user}
                  lockedUntil={locks.state.value.find((lock) => lock.userId === user.id)?.lockedUntil ?? null}
                  onUnlocked={() => locks.update((value) => value.filter((lock) => lock.userId !== user.id))}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
