/**
 * "Install Relais" where the browser offers it (Chromium's `beforeinstallprompt`): the
 * event is kept, its own mini-infobar held back, and the button in Settings shows the
 * browser's install dialog when the user asks. Hidden where the browser offers nothing,
 * once installed (`appinstalled`, or the app already runs standalone), and after the
 * user's answer (the event serves once; the browser fires a new one if it offers again).
 * The watch starts in app/start.tsx, before the first render, since the event may come before it.
 */
import { useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'

/** The part of Chromium's BeforeInstallPromptEvent we use (not in TypeScript's DOM types). */
interface InstallPromptEvent extends Event {
  prompt(): Promise<unknown>
  readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>
}

export interface InstallController {
  subscribe(listener: () => void): () => void
  /** The browser offers an install now. */
  canInstall(): boolean
  /** Shows the browser's install dialog; resolves with the user's answer. */
  install(): Promise<'accepted' | 'dismissed' | 'unavailable'>
}

type WindowLike = Pick<Window, 'addEventListener'> & { matchMedia?: Window['matchMedia'] }

function isInstallPromptEvent(event: Event): event is InstallPromptEvent {
  return typeof (event as Partial<InstallPromptEvent>).prompt === 'function'
}

export function watchInstallPrompt(target: WindowLike): InstallController {
  const listeners = new Set<() => void>()
  const notify = () => listeners.forEach((l) => l())
  let offer: InstallPromptEvent | null = null
  const standalone = target.matchMedia?.('(display-mode: standalone)').matches ?? false

  target.addEventListener('beforeinstallprompt', (event) => {
    if (standalone || !isInstallPromptEvent(event)) return
    event.preventDefault() // our button, not the browser's infobar over a form
    offer = event
    notify()
  })
  target.addEventListener('appinstalled', () => {
    offer = null
    notify()
  })

  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    canInstall: () => offer !== null,
    async install() {
      const current = offer
      if (!current) return 'unavailable'
      offer = null // one prompt per event
      notify()
      await current.prompt()
      return (await current.userChoice).outcome
    },
  }
}

let browserController: InstallController | null = null

/** The page's install watch, started once (start.tsx); null outside a browser. */
export function browserInstallPrompt(): InstallController | null {
  if (!browserController && typeof window !== 'undefined') browserController = watchInstallPrompt(window)
  return browserController
}

const never: InstallController = {
  subscribe: () => () => undefined,
  canInstall: () => false,
  install: async () => 'unavailable',
}

/** The Install button with a line on what it does; nothing when the browser offers no install. */
export function InstallButton({ controller = browserInstallPrompt() ?? never }: { controller?: InstallController }) {
  const { t } = useTranslation()
  const available = useSyncExternalStore(controller.subscribe, controller.canInstall, () => false)
  if (!available) return null
  return (
    <div className="install-prompt">
      <button type="button" className="primary" onClick={() => void controller.install()}>
        {t('update.install')}
      </button>
      <p className="hint">{t('update.installHint')}</p>
    </div>
  )
}
