/**
 * After a move to another screen, focus goes to the new screen's title (its h1), so that
 * a screen reader reads where the user now is and the next Tab starts at the top of the
 * screen, not at the link that took them there (often gone, leaving focus nowhere).
 * A screen that placed focus itself (a step's heading, a field) keeps it.
 *
 * After an unlock the same holds: the unlock form, which had focus, is gone. Focus goes
 * back to the field the user was in when the app locked, when the screen shows it again,
 * else to the screen's title; never left on the page's body.
 */
import { useEffect, useRef } from 'react'

/** Frames to wait for a screen that loads (its code, its records) before giving up: about 2 s. */
const MAX_FRAMES = 120
/** Frames to wait for the field to come back (its draft loads) before settling for the title: about 0.5 s. */
const FIELD_FRAMES = 30

/** Where to put focus as the screens come back after an unlock. */
export interface ResumeFocus {
  /** The id of the field that had focus when the app locked; null: none. */
  field: string | null
}

/** The id of the form field that has focus on the screen now, if it has one (read at lock). */
export function focusedField(): string | null {
  const active = document.activeElement
  const main = document.getElementById('main')
  if (!(active instanceof HTMLElement) || !active.id || !main?.contains(active)) return null
  return active.matches('input, select, textarea') ? active.id : null
}

/** `resume`: given when the screens mount after an unlock (signed-in-app.tsx). */
export function useRouteFocus(pathname: string, resume?: ResumeFocus | null): void {
  const first = useRef(true)
  useEffect(() => {
    const wanted = first.current ? resume?.field : null
    if (first.current) {
      first.current = false
      // the first screen after start: focus is where the browser put it
      if (!resume) return
    }
    let frames = 0
    let handle = 0
    const place = () => {
      const active = document.activeElement
      const main = document.getElementById('main')
      if (active && active !== document.body && main?.contains(active)) return
      const field = wanted ? document.getElementById(wanted) : null
      if (field && main?.contains(field)) {
        field.focus()
        return
      }
      const title = main?.querySelector<HTMLElement>('h1')
      if (title && (!wanted || frames >= FIELD_FRAMES)) {
        if (!title.hasAttribute('tabindex')) title.tabIndex = -1
        title.focus()
        return
      }
      if (++frames < MAX_FRAMES) handle = requestAnimationFrame(place)
    }
    handle = requestAnimationFrame(place)
    return () => cancelAnimationFrame(handle)
    // `resume` is read at the first run only
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pathname])
}
