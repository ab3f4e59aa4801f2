/**
 * The signed-in user in the header, compact enough for 360 px: their name opens a small
 * menu (settings, the language on a phone, sign out); Lock stays one tap away beside it.
 * The menu is a disclosure that never lingers over the screen: it closes after a choice in
 * it, on a tap outside, on Escape and on a move to another screen.
 * Signing out asks first when it would cost something: records not yet sent, or waiting
 * for this user's decision (they stay on this phone, locked, until the same user signs in
 * here again, and nobody else can send or decide them); or no link to the server, since
 * signing in again needs one (Lock keeps the day's work going offline).
 */
import { useEffect, useId, useRef, useState } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'react-router'
import { useDb } from '@/components/app-context'
import { useBrowserOnline } from '@/components/use-online'
import { getSyncStatus, hasNoLink } from '@/data/sync-status'
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
  const browserOnline = useBrowserOnline()
  // open on the screen it was opened on: a move to another screen closes it
  const { key: screen } = useLocation()
  const [openOn, setOpenOn] = useState<string | null>(null)
  const open = openOn === screen
  /** Why sign-out asks (set when the user taps "Sign out" and it must ask); null: not asking. */
  const [asking, setAsking] = useState<{ offline: boolean } | null>(null)
  const confirming = open && asking !== null
  // read only while the menu is open; records, as the sync chip counts them
  const unsent = useLiveQuery(() => (open ? waitingRecordCount(db) : null), [db, open])
  const status = useLiveQuery(() => (open ? getSyncStatus(db) : null), [db, open])
  const attention = useAttentionCount() ?? 0
  const panelId = useId()
  const menu = useRef<HTMLDivElement>(null)
  const toggle = useRef<HTMLButtonElement>(null)
  const question = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (confirming) question.current?.focus()
  }, [confirming])

  /** `refocus`: after Escape or a choice, back to the name; not after a tap elsewhere (focus goes there). */
  const close = (refocus: boolean) => {
    setOpenOn(null)
    setAsking(null)
    if (refocus) toggle.current?.focus()
  }
  const closeRef = useRef(close)
  useEffect(() => {
    closeRef.current = close
  })

  useEffect(() => {
    if (!open) return
    const onPointerDown = (e: PointerEvent) => {
      if (e.target instanceof Node && !menu.current?.contains(e.target)) closeRef.current(false)
    }
    // wherever focus is; not when something else (a dialog) already took this Escape
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && !e.defaultPrevented) closeRef.current(true)
    }
    document.addEventListener('pointerdown', onPointerDown, true)
    document.addEventListener('keydown', onKeyDown)
    return () => {
      document.removeEventListener('pointerdown', onPointerDown, true)
      document.removeEventListener('keydown', onKeyDown)
    }
  }, [open])

  const signOut = async () => {
    if (confirming) return void onSignOut()
    // a tap before the live reads arrived reads them now: never sign out unasked for want of a count
    const [records, sync] = await Promise.all([unsent ?? waitingRecordCount(db), status ?? getSyncStatus(db)])
    const offline = hasNoLink(sync, browserOnline)
    if (records + attention > 0 || offline) setAsking({ offline })
    else void onSignOut()
  }
  const unsentNow = unsent ?? 0
  return (
    <div className="user">
      <div className="user-menu" ref={menu}>
        <button
          ref={toggle}
          type="button"
          className="link-button user-menu-toggle"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => {
            setOpenOn(open ? null : screen)
            setAsking(null)
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
            <LanguageSwitch onChoose={() => close(true)} />
            {/* a move to another screen: focus goes to its title (use-route-focus.ts) */}
            <Link to="/settings" className="button" onClick={() => close(false)}>
              {t('home.settings')}
            </Link>
            {confirming && (
              <p ref={question} tabIndex={-1} className="user-menu-warning" role="alert">
                <span aria-hidden="true">⚠ </span>
                {[
                  asking.offline ? t('shell.signOutOffline') : '',
                  unsentNow > 0 ? t('shell.signOutUnsent', { count: unsentNow }) : '',
                  attention > 0 ? t('shell.signOutAttention', { count: attention }) : '',
                ]
                  .filter(Boolean)
                  .join(' ')}
              </p>
            )}
            {/* the safe choices first: a second tap where "Sign out" was does not sign out */}
            {confirming && (
              <button type="button" className="primary" onClick={() => close(true)}>
                {t('shell.staySignedIn')}
              </button>
            )}
            {confirming && onLock && (
              <button
                type="button"
                onClick={() => {
                  close(false)
                  onLock()
                }}
              >
                {t('lock.lock')}
              </button>
            )}
            <button type="button" onClick={() => void signOut()}>
              {t(confirming ? 'shell.signOutAnyway' : 'shell.signOut')}
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
