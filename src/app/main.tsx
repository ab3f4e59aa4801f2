/**
 * The entry: the first screen's code only (React, i18n, the sign-in and unlock forms).
 * On a locked phone a plain copy of the unlock form is up before any of it (boot.ts).
 * The language file and the session (plain IndexedDB) are read while React is set up;
 * the services, Dexie, the schemas and the screens load after the first paint (app.tsx).
 */
// first, in this order: the theme and, on a locked phone, a plain unlock form that takes
// the passphrase at once; then the language file is fetched and the session read while
// the rest of this script is set up
import './boot'
import '@/i18n/early-language'
import { earlySession } from '@/session/early-session'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { startLanguage } from '@/i18n/i18n'
import type { LockedSession } from '@/session/session-types'
import { App } from './app'
import { browserInstallPrompt } from '@/components/install-prompt'
import { registerServiceWorker } from './update-prompt'
import './styles.css'

// the browser may offer an install before the first render: listen from the start
browserInstallPrompt()

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')

const loadServices = () => import('./services').then((m) => m.browserServices)

function render(into: HTMLElement, session: LockedSession | null | undefined): void {
  createRoot(into).render(
    <StrictMode>
      <App services={loadServices} initialSession={session} updates={registerServiceWorker()} />
    </StrictMode>,
  )
}

// the phone's language is loaded before the first render, so no screen shows a key or
// another language first; should its chunk fail to load, the app still starts
void startLanguage()
  .catch(() => undefined)
  .then(() => earlySession)
  .then((found) => render(root, found))
