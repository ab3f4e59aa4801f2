import { describe, expect, it, vi } from 'vitest'
import { registerDraftFlush } from '@/components/draft-flush'
import { updateApp, type UpdateEnvironment, type WorkerLike } from '@/features/sync/update-app'

function worker(state: string) {
  const listeners: (() => void)[] = []
  const w = {
    state,
    postMessage: vi.fn(),
    addEventListener: (_type: 'statechange', cb: () => void) => void listeners.push(cb),
    /** The browser moving the worker on. */
    become(next: string) {
      w.state = next
      listeners.forEach((cb) => cb())
    },
  }
  return w satisfies WorkerLike
}

function environment(registration: { waiting: WorkerLike | null; installing: WorkerLike | null } | undefined) {
  let onControl: (() => void) | undefined
  const reload = vi.fn()
  const update = vi.fn(async () => undefined)
  const env: UpdateEnvironment = {
    serviceWorkers: {
      getRegistration: async () => registration && { ...registration, update },
      addEventListener: (_type, cb) => void (onControl = cb),
    },
    reload,
  }
  return { env, reload, update, takeControl: () => onControl?.() }
}

describe('updateApp', () => {
  it('writes the drafts, tells the waiting version to take over, and reloads once it controls the page', async () => {
    const order: string[] = []
    const off = registerDraftFlush(async () => void order.push('draft'))
    const waiting = worker('installed')
    waiting.postMessage.mockImplementation(() => order.push('skip'))
    const { env, reload, update, takeControl } = environment({ waiting, installing: null })
    await updateApp(env)
    off()
    expect(update).toHaveBeenCalled()
    expect(order).toEqual(['draft', 'skip'])
    expect(waiting.postMessage).toHaveBeenCalledWith({ type: 'SKIP_WAITING' })
    expect(reload).not.toHaveBeenCalled()
    takeControl()
    expect(reload).toHaveBeenCalledTimes(1)
  })

  it('waits for a version still installing', async () => {
    const installing = worker('installing')
    const { env } = environment({ waiting: null, installing })
    const done = updateApp(env)
    await Promise.resolve()
    installing.become('installed')
    await done
    expect(installing.postMessage).toHaveBeenCalledWith({ type: 'SKIP_WAITING' })
  })

  it('reloads when there is no service worker, or no new version to take over', async () => {
    const none = environment(undefined)
    await updateApp(none.env)
    expect(none.reload).toHaveBeenCalledTimes(1)
    const same = environment({ waiting: null, installing: null })
    await updateApp(same.env)
    expect(same.reload).toHaveBeenCalledTimes(1)
    const reload = vi.fn()
    await updateApp({ serviceWorkers: null, reload })
    expect(reload).toHaveBeenCalledTimes(1)
  })
})
