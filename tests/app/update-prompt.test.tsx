import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { Workbox } from 'workbox-window'
import { createUpdateController, UpdatePrompt } from '@/app/update-prompt'
import { registerDraftFlush } from '@/components/draft-flush'
import { setLanguage } from '@/i18n/i18n'

vi.mock('workbox-window', () => {
  class FakeWorkbox {
    listeners = new Map<string, ((event: { isUpdate?: boolean }) => void)[]>()
    constructor(readonly url: string) {}
    addEventListener(type: string, listener: (event: { isUpdate?: boolean }) => void) {
      this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
    }
    register = vi.fn(async () => undefined)
    messageSkipWaiting = vi.fn()
    fire(type: string, event: { isUpdate?: boolean } = {}) {
      for (const l of this.listeners.get(type) ?? []) l(event)
    }
  }
  return { Workbox: FakeWorkbox }
})

type Fake = Workbox & {
  fire(type: string, event?: { isUpdate?: boolean }): void
  register: ReturnType<typeof vi.fn>
  messageSkipWaiting: ReturnType<typeof vi.fn>
}

describe('update prompt', () => {
  it('registers the worker after listening, so an already waiting version is seen', () => {
    const wb = new Workbox('/sw.js') as Fake
    createUpdateController(wb, vi.fn())
    expect(wb.register).toHaveBeenCalledOnce()
  })

  it('waits for the user, writes the drafts, then lets the new version take over and reloads', async () => {
    await setLanguage('en')
    const wb = new Workbox('/sw.js') as Fake
    const reload = vi.fn()
    const controller = createUpdateController(wb, reload)
    render(<UpdatePrompt controller={controller} />)
    expect(screen.queryByRole('button', { name: 'Update' })).not.toBeInTheDocument()

    wb.fire('waiting')
    expect(await screen.findByText('A new version is ready.')).toBeInTheDocument()
    expect(screen.getByText(/What you are typing is kept/)).toBeInTheDocument()
    expect(wb.messageSkipWaiting).not.toHaveBeenCalled()

    const order: string[] = []
    const unregister = registerDraftFlush(async () => {
      order.push('draft')
    })
    wb.messageSkipWaiting.mockImplementation(() => order.push('skipWaiting'))
    await userEvent.click(screen.getByRole('button', { name: 'Update' }))
    expect(order).toEqual(['draft', 'skipWaiting'])
    unregister()

    expect(reload).not.toHaveBeenCalled()
    wb.fire('controlling', { isUpdate: true })
    expect(reload).toHaveBeenCalledOnce()
  })

  it('never reloads when a first install takes control', () => {
    const wb = new Workbox('/sw.js') as Fake
    const reload = vi.fn()
    createUpdateController(wb, reload)
    wb.fire('controlling', { isUpdate: false })
    expect(reload).not.toHaveBeenCalled()
  })

  it('can be put off until later', async () => {
    await setLanguage('fr')
    const wb = new Workbox('/sw.js') as Fake
    const controller = createUpdateController(wb, vi.fn())
    render(<UpdatePrompt controller={controller} />)
    wb.fire('waiting')
    await userEvent.click(await screen.findByRole('button', { name: 'Plus tard' }))
    expect(screen.queryByRole('button', { name: 'Mettre à jour' })).not.toBeInTheDocument()
  })

  it('says once when the first install has stored the app for use offline, never for an update', async () => {
    await setLanguage('fr')
    const wb = new Workbox('/sw.js') as Fake
    const controller = createUpdateController(wb, vi.fn())
    render(<UpdatePrompt controller={controller} />)
    expect(screen.queryByText(/hors ligne/)).not.toBeInTheDocument()

    wb.fire('activated', { isUpdate: true })
    expect(screen.queryByText(/hors ligne/)).not.toBeInTheDocument()

    wb.fire('activated', { isUpdate: false })
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Relais est prêt à fonctionner hors ligne. Il s’ouvre et enregistre les fiches sur ce téléphone sans réseau.',
    )
    await userEvent.click(screen.getByRole('button', { name: 'OK' }))
    expect(screen.queryByText(/hors ligne/)).not.toBeInTheDocument()
  })

  it('puts a waiting update before the offline notice', async () => {
    await setLanguage('en')
    const wb = new Workbox('/sw.js') as Fake
    const controller = createUpdateController(wb, vi.fn())
    render(<UpdatePrompt controller={controller} />)
    wb.fire('activated', { isUpdate: false })
    wb.fire('waiting')
    expect(await screen.findByText('A new version is ready.')).toBeInTheDocument()
    expect(screen.queryByText('Relais is ready to work offline.')).not.toBeInTheDocument()
  })
})
