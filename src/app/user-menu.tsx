/**
 * The signed-in user in the header, compact enough for 360 px: their name opens a small
 * menu (settings, the language on a phone, sign out); Lock stays one tap away beside it.
 * The menu is a disclosure that never lingers over the screen: it closes after a choice in
 * it, on a tap outside, on Escape and on a move to another screen.
 * Signing out asks first when it would cost something: records not yet sent, or waiting
 * for this user's decision (they stay on this phone, locked, until the same user signs in
 * here again, and nobody else can send or decide them); or no link to the server, since
 * signing in again needs one (Lock keeps the day's work going offline).
 * "Sign out and erase my data from this phone" is for a phone handed to someone else: it
 * says first what the erase takes, and is offered only when nothing of the user's waits
 * for the server (left-behind.ts); else it says what waits, and Sign out keeps it.
 */
import { useEffect, useId, useRef, useState } from 'react'
import { useLiveQuery } from 'dexie-react-hooks'
import { useTranslation } from 'react-i18next'
import { Link, useLocation } from 'react-router'
import { useDb } from '@/components/app-context'
import { useBrowserOnline } from '@/components/use-online'
import { keepsUnsentWork, leftBehind, type LeftBehind } from '@/data/left-behind'
import { getSyncStatus, hasNoLink } from '@/data/sync-status'
import { waitingRecordCount } from '@/data/waiting-records'
import { useAttentionCount } from '@/features/attention/use-attention-count'
import { LanguageSwitch } from './language-switch'
import type { SignOutOptions } from './use-session-gate'

interface UserMenuProps {
  name: string
  onSignOut(options?: SignOutOptions): Promise<void>
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
  /**
   * Why sign-out asks (set when the user taps "Sign out" and it must ask, or asks to erase:
   * `erase`, what the erase would leave behind); null: not asking.
   */
  const [asking, setAsking] = useState<{ offline: boolean; erase?: LeftBehind } | null>(null)
  const confirming = open && asking !== null
  const erasing = confirming ? asking.erase : undefined
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
  // read at the tap, not from the live counts: what waits decides whether the erase is offered
  const askErase = async () => {
    const [left, sync] = await Promise.all([leftBehind(db), getSyncStatus(db)])
    setAsking({ offline: hasNoLink(sync, browserOnline), erase: left })
  }
  const eraseWords = (left: LeftBehind, offline: boolean) =>
    keepsUnsentWork(left)
      ? [
          t('shell.eraseBlocked'),
          left.unsent > 0 ? t('shell.eraseUnsent', { count: left.unsent }) : '',
          left.attention > 0 ? t('shell.eraseAttention', { count: left.attention }) : '',
          left.held > 0 ? t('shell.eraseHeld', { count: left.held }) : '',
          t('shell.eraseBlockedHow'),
        ]
      : [
          t('shell.eraseQuestion'),
          left.drafts > 0 ? t('shell.eraseDrafts', { count: left.drafts }) : '',
          offline ? t('shell.signOutOffline') : '',
        ]
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
                {(erasing
                  ? eraseWords(erasing, asking.offline)
                  : [
                      asking.offline ? t('shell.signOutOffline') : '',
                      unsentNow > 0 ? t('shell.signOutUnsent', { count: unsentNow }) : '',
                      attention > 0 ? t('shell.signOutAttention', { count: attention }) : '',
                    ]
                )
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
            {confirming && !erasing && onLock && (
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
            {erasing && !keepsUnsentWork(erasing) ? (
              <button type="button" onClick={() => void onSignOut({ erase: true })}>
                {t('shell.eraseAndSignOut')}
              </button>
            ) : (
              // asked to erase while something waits: this signs out and keeps it, as the question said
              <button type="button" onClick={() => void signOut()}>
                {t(confirming && !erasing ? 'shell.signOutAnyway' : 'shell.signOut')}
              </button>
            )}
            {!confirming && (
              <button type="button" onClick={() => void askErase()}>
                {t('shell.signOutAndErase')}
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
