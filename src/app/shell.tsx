/**
 * The frame of every screen once unlocked: app name, language, the user's menu, Lock and
 * the sync chip. On a phone the header is one row: the language moves into the user's
 * menu (styles.css), so that the screen's content starts high.
 */
import { useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useSession } from '@/components/app-context'
import { SignInForm } from '@/features/auth/sign-in-form'
import { AccountDisabledNotice } from '@/features/sync/account-disabled'
import { SyncChip } from '@/features/sync/sync-chip'
import { LanguageSwitch } from './language-switch'
import { UserMenu } from './user-menu'
import type { SignOutOptions } from './use-session-gate'

interface ShellProps {
  children: ReactNode
  authRequired: boolean
  onSignInAgain(username: string, password: string): Promise<void>
  onSignOut(options?: SignOutOptions): Promise<void>
  /** Verrouiller: seals the queue and drops the keys. */
  onLock?(): void
  /** A banner above the screen (e.g. the vault was reset). */
  notice?: ReactNode
}

export function Shell({ children, authRequired, onSignInAgain, onSignOut, onLock, notice }: ShellProps) {
  const { t } = useTranslation()
  const { user } = useSession()
  const [reSigningIn, setReSigningIn] = useState(false)
  return (
    <div className="app">
      <header className="app-header has-user-menu">
        <Link to="/" className="app-name" aria-label={`${t('app.name')} — ${t('shell.home')}`}>
          {t('app.name')}
        </Link>
        <LanguageSwitch />
        <UserMenu name={user.name} onSignOut={onSignOut} {...(onLock ? { onLock } : {})} />
      </header>
      <SyncChip />
      <AccountDisabledNotice />
      {notice}
      {authRequired && (
        <div className="banner" role="alert">
          <p>
            <span aria-hidden="true">⚠ </span>
            {t('auth.sessionExpired')}
          </p>
          {reSigningIn ? (
            <SignInForm
              defaultUsername={user.username}
              firstOnThisPhone={false}
              signIn={async (username, password) => {
                await onSignInAgain(username, password)
                setReSigningIn(false)
              }}
            />
          ) : (
            <button type="button" className="primary" onClick={() => setReSigningIn(true)}>
              {t('auth.signInAgain')}
            </button>
          )}
        </div>
      )}
      <main id="main" className="app-main">
        {children}
      </main>
    </div>
  )
}
