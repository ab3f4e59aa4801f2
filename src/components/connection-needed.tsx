/**
 * What a screen read from the server says when its last load failed for lack of a
 * connection: the same words on every such screen (ux.md's "Offline"), a Try again
 * button, and a new load by itself as soon as the link comes back. Said politely, as a
 * status: nothing is broken, the screen waits for the link.
 */
import { useLayoutEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useReloadWhenOnline } from './use-reload-when-online'

interface ConnectionNeededProps {
  /** Try again, by hand. */
  onRetry(): void
  /** The same load, started by itself when the link comes back (default: `onRetry`). */
  onReload?: () => void
  /** false: nothing starts by itself (a file is saved only when asked): "connect, then try again". */
  reloads?: boolean
  /** In place of the usual first sentence, itself starting with "Offline:" (Numbers kept on the phone). */
  what?: string
  /** A sentence more, after it. */
  detail?: string
}

export function ConnectionNeeded({ onRetry, onReload, reloads = true, what, detail }: ConnectionNeededProps) {
  const { t } = useTranslation()
  useReloadWhenOnline(reloads, onReload ?? onRetry)
  const box = useRef<HTMLDivElement>(null)
  // the focused Try again leaves with this notice once the screen loads: focus goes to
  // the screen's title, never to the page (nothing moves when focus was elsewhere)
  useLayoutEffect(() => {
    const node = box.current
    return () => {
      if (node?.contains(document.activeElement)) requestAnimationFrame(() => focusTitleIfLost())
    }
  }, [])
  return (
    <div className="connection-needed" ref={box}>
      <p role="status">
        <span className="offline-word">
          <span aria-hidden="true">○ </span>
          {what ?? t('connection.offline')}
        </span>{' '}
        {detail && <>{detail} </>}
        {t(reloads ? 'connection.reloadsWhenBack' : 'connection.connectThenRetry')}
      </p>
      <button type="button" onClick={onRetry}>
        {t('connection.retry')}
      </button>
    </div>
  )
}

/** Frames to wait for the screen's title while the screen loads: about 1 s. */
const MAX_FRAMES = 60

function focusTitleIfLost(frames = MAX_FRAMES): void {
  const active = document.activeElement
  if (active && active !== document.body) return
  const title = document.querySelector<HTMLElement>('main h1')
  if (title) {
    if (!title.hasAttribute('tabindex')) title.tabIndex = -1
    title.focus()
  } else if (frames > 0) requestAnimationFrame(() => focusTitleIfLost(frames - 1))
}
