/**
 * The signed-in user in the header, compact enough for 360 px: their name opens a small
 * menu (settings, sign out); Lock stays one tap away beside it.
 */
import { useId, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'

interface UserMenuProps {
  name: string
  onSignOut(): Promise<void>
  onLock?(): void
}

export function UserMenu({ name, onSignOut, onLock }: UserMenuProps) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const panelId = useId()
  const toggle = useRef<HTMLButtonElement>(null)
  const close = () => {
    setOpen(false)
    toggle.current?.focus()
  }
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
          onClick={() => setOpen((o) => !o)}
        >
          <span className="user-name">{name}</span>
          <span className="user-menu-caret" aria-hidden="true">
            ▾
          </span>
        </button>
        {open && (
          <div id={panelId} className="user-menu-panel">
            <p className="user-menu-who">{t('shell.signedInAs', { name })}</p>
            <Link to="/settings" className="button" onClick={() => setOpen(false)}>
              {t('home.settings')}
            </Link>
            <button type="button" onClick={() => void onSignOut()}>
              {t('shell.signOut')}
            </button>
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
