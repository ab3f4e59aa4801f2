/**
 * The entry, kept small so that it runs at once, in a task of its own: the phone's theme
 * and, on a locked phone, a plain unlock form that takes the passphrase (boot.ts); then
 * the language file is fetched and the session read (plain IndexedDB), and the first
 * screen's code (start.tsx, with React) loads. The browser paints the unlock form before
 * that code is evaluated, which on a slow phone takes a few hundred milliseconds.
 */
import './boot'
import '@/i18n/early-language'
import '@/session/early-session'
import './styles.css'

void import('./start')
