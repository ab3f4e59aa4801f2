/**
 * After a move to another screen, focus goes to the new screen's title (its h1), so that
 * a screen reader reads where the user now is and the next Tab starts at the top of the
 * screen, not at the link that took them there (often gone, leaving focus nowhere).
 * A screen that placed focus itself (a step's heading, a field) keeps it.
 */
import { useEffect, useRef } from 'react'

/** Frames to wait for a screen that loads (its code, its records) before giving up: about 2 s. */
const MAX_FRAMES = 120

export function useRouteFocus(pathname: string): void {
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false // the first screen after start or unlock: focus is where the browser put it
      return
    }
    let frames = 0
    let handle = 0
    const focusTitle = () => {
      const active = document.activeElement
      const main = document.getElementById('main')
      if (active && active !== document.body && main?.contains(active)) return
      const title = main?.querySelector<HTMLElement>('h1')
      if (title) {
        if (!title.hasAttribute('tabindex')) title.tabIndex = -1
        title.focus()
        return
      }
      if (++frames < MAX_FRAMES) handle = requestAnimationFrame(focusTitle)
    }
    handle = requestAnimationFrame(focusTitle)
    return () => cancelAnimationFrame(handle)
  }, [pathname])
}
