/**
 * The real browser's sync triggers: the window's `online` event and the page becoming
 * visible again. Kept apart so that the engine itself touches no DOM (tests inject fakes).
 */
import type { SyncTriggers } from './engine-deps'

export function browserTriggers(win: Window = window, doc: Document = document): SyncTriggers {
  return {
    onOnline(cb) {
      win.addEventListener('online', cb)
      return () => win.removeEventListener('online', cb)
    },
    onVisible(cb) {
      const listener = () => {
        if (doc.visibilityState === 'visible') cb()
      }
      doc.addEventListener('visibilitychange', listener)
      return () => doc.removeEventListener('visibilitychange', listener)
    },
  }
}
