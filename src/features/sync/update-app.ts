/**
 * Gets the newer version of Relais when the server asks for it (426
 * `app_update_required`). A plain reload is not enough: a new version that is already
 * installed waits until every tab of the old one is gone. So, as the update prompt does
 * (src/app/update-prompt.tsx), the drafts are written first, the service worker is asked
 * to look for the new version, and a waiting one is told to take over (SKIP_WAITING);
 * the page reloads once it controls it. Without a service worker, a reload fetches it.
 */
import { flushAllDrafts } from '@/components/draft-flush'

/** The parts of `navigator.serviceWorker` this needs (tests give a fake). */
export interface ServiceWorkers {
  getRegistration(): Promise<WorkerRegistration | undefined>
  addEventListener(type: 'controllerchange', listener: () => void, options?: { once: boolean }): void
}

export interface WorkerRegistration {
  update(): Promise<unknown>
  readonly waiting: WorkerLike | null
  readonly installing: WorkerLike | null
}

export interface WorkerLike {
  readonly state: string
  postMessage(message: unknown): void
  addEventListener(type: 'statechange', listener: () => void): void
}

export interface UpdateEnvironment {
  serviceWorkers: ServiceWorkers | null
  reload(): void
}

function browserEnvironment(): UpdateEnvironment {
  const container = typeof navigator !== 'undefined' && 'serviceWorker' in navigator ? navigator.serviceWorker : null
  return {
    serviceWorkers: container as ServiceWorkers | null,
    reload: () => window.location.reload(),
  }
}

export async function updateApp(env: UpdateEnvironment = browserEnvironment()): Promise<void> {
  await flushAllDrafts()
  const workers = env.serviceWorkers
  const registration = await workers?.getRegistration().catch(() => undefined)
  if (!workers || !registration) return env.reload()
  await registration.update().catch(() => undefined) // offline: a version already waiting still takes over
  const next = registration.waiting ?? (await installed(registration.installing))
  if (!next) return env.reload()
  workers.addEventListener('controllerchange', () => env.reload(), { once: true })
  next.postMessage({ type: 'SKIP_WAITING' })
}

/** The worker being installed, once installed (null if it fails, or when there is none). */
function installed(worker: WorkerLike | null): Promise<WorkerLike | null> {
  if (!worker) return Promise.resolve(null)
  return new Promise((resolve) => {
    const check = () => {
      if (worker.state === 'installed') resolve(worker)
      else if (worker.state === 'redundant' || worker.state === 'activated') resolve(null)
    }
    worker.addEventListener('statechange', check)
    check()
  })
}
