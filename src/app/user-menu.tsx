/**
 * The signed-in user in the header, compact enough for 360 px: their name opens a small
 * menu (settings, the language on a phone, sign out); Lock stays one tap away beside it.
 * Signing out with records not yet sent, or waiting for this user's decision (refused,
 * changed on the server too), asks first: they stay on this phone, locked, until the
 * same user signs in here again, and nobody else can send or decide them.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { useDb } from '@/components/app-context'
import { waitingRecordCount } from '@/data/waiting-records'
import { useAttentionCount } from '@/features/attention/use-attention-count'
import { LanguageSwitch } from './language-switch'

interface UserMenuProps {
  name: string
  onSignOut(): Promise<void>
  onLock?(): void
}

export function UserMenu({ name, onSignOut, onLock }: UserMenuProps) {
  const { t } = useTranslation()
  const db = useDb()
  const [open, setOpen] = useState(false)
  const [confirming, setConfirming] = useState(false)
  // read only while the menu is open; records, as the sync chip counts them
  const unsent = useLiveQuery(() => (open ? waitingRecordCount(db) : 0), [db, open]) ?? 0
  const attention = useAttentionCount() ?? 0
  const panelId = useId()
  const toggle = useRef<HTMLButtonElement>(null)
  const question = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (confirming) question.current?.focus()
  }, [confirming])
  const close = () => {
    setOpen(false)
    setConfirming(false)
    toggle.current?.focus()
  }
  const signOut = () => (unsent + attention > 0 && !confirming ? setConfirming(true) : void onSignOut())
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && open) close()
  }
  return (
    <div className="user" onKeyDown={onKeyDown}>
      <div className="user-menu">
        <button
          ref={toggle}
          type="button"
          className="link-button user-menu-toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => {
            setOpen((o) => !o)
            setConfirming(false)
          }}
        >
          <span className="user-name">{name}</span>
          <span className="user-menu-caret" aria-hidden="true">
            ▾
          </span>
        </button>
        {open && (
          <div id={panelId} className="user-menu-panel">
            <p className="user-menu-who">{t('shell.signedInAs', { name })}</p>
            {/* shown where the header has no room for it (styles.css) */}
            <LanguageSwitch />
            <Link to="/settings" className="button" onClick={() => setOpen(false)}>
              {t('home.settings')}
            </Link>
            {confirming && (
              <p ref={question} tabIndex={-1} className="user-menu-warning" role="alert">
                <span aria-hidden="true">⚠ </span>
                {[
                  unsent > 0 ? t('shell.signOutUnsent', { count: unsent }) : '',
                  attention > 0 ? t('shell.signOutAttention', { count: attention }) : '',
                ]
                  .filter(Boolean)
                  .join(' ')}
              </p>
            )}
            <button type="button" onClick={signOut}>
              {t(confirming ? 'shell.signOutAnyway' : 'shell.signOut')}
            </button>
            {confirming && (
              <button type="button" onClick={close}>
                {t('shell.staySignedIn')}
              </button>
            )}
          </div>
        )}
      </div>
      {onLock && (
        <button type="button" className="link-button lock-button" onClick={onLock}>
          {t('lock.lock')}
        </button>
      )}
    </div>
  )
}
