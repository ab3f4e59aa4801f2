/**
 * The first screen's code (React, i18n, the sign-in and unlock forms), loaded by the entry
 * (main.ts) once the phone's theme and, on a locked phone, its plain unlock form are up.
 * The language file and the session (plain IndexedDB) are already on their way; the
 * services, Dexie, the schemas and the screens load after the first paint (app.tsx).
 */
import { earlySession } from '@/session/early-session'
import { startTransition, StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { startLanguage } from '@/i18n/i18n'
import type { LockedSession } from '@/session/session-types'
import { App } from './app'
import { browserInstallPrompt } from '@/components/install-prompt'
import { registerServiceWorker } from './update-prompt'

// the browser may offer an install before the first render: listen from the start
browserInstallPrompt()

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')

const loadServices = () => import('./services').then((m) => m.browserServices)

function render(into: HTMLElement, session: LockedSession | null | undefined): void {
  const reactRoot = createRoot(into)
  const app = (
    <StrictMode>
      <App services={loadServices} initialSession={session} updates={registerServiceWorker()} />
    </StrictMode>
  )
  // the sign-in form (nobody signed in) is rendered in slices, as a transition: the page,
  // painted already, stays responsive meanwhile. Not a session's first screen: there the
  // unlock form must take over the plain one at once, beside the signed-in side that is
  // still loading (a transition would wait for that side)
  if (session === null) startTransition(() => reactRoot.render(app))
  else reactRoot.render(app)
}

// the phone's language is loaded before the first render, so no screen shows a key or
// another language first; should its chunk fail to load, the app still starts
void startLanguage()
  .catch(() => undefined)
  .then(() => earlySession)
  .then((found) => render(root, found))
