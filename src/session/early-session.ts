/**
 * The entry's second step (after i18n/early-language.ts): start reading the session with
 * plain IndexedDB (session-peek.ts) before React is evaluated. Opening the database at a
 * cold start takes the browser a few hundred milliseconds on a slow phone; begun here, it
 * runs while the main thread sets up React instead of after, and the first screen waits
 * for whichever finishes last.
 */
import { peekSession } from './session-peek'

/** The session found at start; undefined when plain reading cannot tell (session-peek.ts). */
export const earlySession = peekSession().catch(() => undefined)
