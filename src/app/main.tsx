import './zod-without-eval'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { BrowserRouter } from 'react-router'
import { applyContrast, storedContrast } from '@/features/settings/contrast'
import { startLanguage } from '@/i18n/i18n'
import { App } from './app'
import { browserInstallPrompt } from '@/components/install-prompt'
import { registerServiceWorker } from './update-prompt'
import './styles.css'

// the browser may offer an install before the first render: listen from the start
browserInstallPrompt()

// the phone's theme before the first paint, the lock screen included
applyContrast(storedContrast())

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')

function render(into: HTMLElement): void {
  createRoot(into).render(
    <StrictMode>
      <BrowserRouter>
        <App updates={registerServiceWorker()} />
      </BrowserRouter>
    </StrictMode>,
  )
}

// the phone's language is loaded before the first render, so no screen shows a key or
// another language first; should its chunk fail to load, the app still starts
void startLanguage()
  .catch(() => undefined)
  .then(() => render(root))
