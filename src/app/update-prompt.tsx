/**
 * App updates wait for the user. The service worker of a new version installs and then
 * waits; we say so (without taking the focus), and only on "Update" ask it to take over
 * (SKIP_WAITING), then reload once it controls the page. Never under a form being
 * filled: while one holds unsaved typing, "Update" asks to save or close it first and
 * nothing reloads. Drafts are written before the reload all the same.
 *
 * The first install says when it is done: from then on the app opens and works on this
 * phone without a network. Until then a user who leaves the link would find screens
 * missing, so the words matter before a week at a checkpoint.
 */
import { useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import { Workbox } from 'workbox-window'
import { flushAllDrafts } from '@/components/draft-flush'
import { watchUnsavedInput } from './unsaved-input'

export interface UpdateController {
  subscribe(listener: () => void): () => void
  /** A new version is installed and waits for the user. */
  isWaiting(): boolean
  /** A form held unsaved typing when the user chose Update: nothing was reloaded. */
  isHeldByForm(): boolean
  /** The first install just finished on this page: the app is stored for use offline (until dismissed). */
  isNewlyOfflineReady(): boolean
  /**
   * Writes the drafts, then lets the new version take over (the page reloads); while a
   * form holds unsaved typing, does neither and resolves false.
   */
  applyUpdate(): Promise<boolean>
  dismiss(): void
  dismissOfflineReady(): void
}

interface WorkboxLike {
  addEventListener(
    type: 'waiting' | 'controlling' | 'activated',
    listener: (event: { isUpdate?: boolean }) => void,
  ): void
  register(): Promise<unknown>
  messageSkipWaiting(): void
}

/** Wires a Workbox instance: listeners first, then `register()`, so an already waiting worker is seen. */
export function createUpdateController(
  wb: WorkboxLike,
  reload: () => void = () => window.location.reload(),
  hasUnsavedInput: () => boolean = watchUnsavedInput().hasUnsavedInput,
): UpdateController {
  const listeners = new Set<() => void>()
  let waiting = false
  let accepted = false
  let heldByForm = false
  let newlyOfflineReady = false
  const notify = () => listeners.forEach((l) => l())

  wb.addEventListener('waiting', () => {
    waiting = true
    notify()
  })
  // activated without an update: the first version is stored, every file of it precached
  wb.addEventListener('activated', (event) => {
    if (event.isUpdate) return
    newlyOfflineReady = true
    notify()
  })
  // reload only for an update this page asked for: the first install takes control
  // without one (clientsClaim) and must not reload under a form
  wb.addEventListener('controlling', () => {
    if (accepted) reload()
  })
  void wb.register().catch(() => undefined) // no worker (private mode, old browser): the app still runs online

  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    isWaiting: () => waiting,
    isHeldByForm: () => heldByForm,
    isNewlyOfflineReady: () => newlyOfflineReady,
    async applyUpdate() {
      heldByForm = hasUnsavedInput()
      notify()
      if (heldByForm) return false
      await flushAllDrafts()
      accepted = true
      wb.messageSkipWaiting()
      return true
    },
    dismiss() {
      waiting = false
      heldByForm = false
      notify()
    },
    dismissOfflineReady() {
      newlyOfflineReady = false
      notify()
    },
  }
}

/** Registers /sw.js in production builds of browsers that have service workers; null otherwise. */
export function registerServiceWorker(): UpdateController | null {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null
  return createUpdateController(new Workbox('/sw.js', { scope: '/' }))
}

export function UpdatePrompt({ controller }: { controller: UpdateController }) {
  const { t } = useTranslation()
  const waiting = useSyncExternalStore(controller.subscribe, controller.isWaiting, () => false)
  const heldByForm = useSyncExternalStore(controller.subscribe, controller.isHeldByForm, () => false)
  const offlineReady = useSyncExternalStore(controller.subscribe, controller.isNewlyOfflineReady, () => false)
  if (!waiting) return offlineReady ? <OfflineReady onDismiss={controller.dismissOfflineReady} /> : null
  return (
    <div className="update-prompt" role="status" aria-live="polite">
      <p>
        <strong>{t('update.ready')}</strong> {heldByForm ? t('update.finishForm') : t('update.safe')}
      </p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void controller.applyUpdate()}>
          {t('update.update')}
        </button>
        <button type="button" onClick={controller.dismiss}>
          {t('update.later')}
        </button>
      </div>
    </div>
  )
}

function OfflineReady({ onDismiss }: { onDismiss(): void }) {
  const { t } = useTranslation()
  return (
    <div className="update-prompt" role="status" aria-live="polite">
      <p>
        <span aria-hidden="true">✓ </span>
        <strong>{t('update.offlineReady')}</strong> {t('update.offlineReadyDetail')}
      </p>
      <div className="actions">
        <button type="button" onClick={onDismiss}>
          {t('update.offlineReadyOk')}
        </button>
      </div>
    </div>
  )
}
