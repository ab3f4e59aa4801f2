/**
 * The built app shows its first screen (sign-in, or unlock) from the session read at
 * start, before the services and the rest of the app have loaded: what the user types
 * there is kept when they arrive, and an action taken before waits for them.
 */
import { act, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { UnlockResult } from '@/session/session'
import { later, lockedPhone, renderApp } from './helpers/render-app'

describe('first screen', () => {
  it('takes the passphrase before the app has loaded, keeps it, and unlocks once it has', async () => {
    const { unlocked, locked } = lockedPhone()
    const unlock = vi.fn(async (): Promise<UnlockResult> => ({ ok: true, session: unlocked }))
    const loaded = later()
    const { user, services } = await renderApp({ session: locked, unlock, servicesLoaded: loaded.promise })

    // drawn at once, with nothing loaded yet
    const field = screen.getByLabelText('Password')
    await user.type(field, 'pass')
    await user.click(screen.getByRole('button', { name: 'Unlock' }))
    expect(unlock).not.toHaveBeenCalled()
    expect(services.startSync).not.toHaveBeenCalled()

    await act(async () => loaded.release())
    expect(await screen.findByRole('link', { name: 'Register a person' })).toBeInTheDocument()
    expect(unlock).toHaveBeenCalledWith(unlocked.user.id, 'pass')
    expect(services.startSync).toHaveBeenCalledTimes(1)
  })

  it('keeps what was typed when the app arrives in the middle', async () => {
    const { locked } = lockedPhone()
    const loaded = later()
    const { user, services } = await renderApp({ session: locked, servicesLoaded: loaded.promise })
    const field = screen.getByLabelText('Password')
    await user.type(field, 'pass')
    await act(async () => loaded.release())
    await waitFor(() => expect(services.startSync).toHaveBeenCalledTimes(1)) // sealed uploads while locked
    expect(screen.getByLabelText('Password')).toBe(field)
    await user.type(field, '-phrase')
    expect(field).toHaveValue('pass-phrase')
  })

  it('loads the rest of the app at once on a locked phone, and on a new one at the first touch or key', async () => {
    // a frame then a task, as the app waits for its first paint (app.tsx): queued after
    // the app's own wait, this one ends after the app would have started loading
    const firstPaintPassed = () =>
      new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => setTimeout(resolve, 0), 0)))
    const lockedRequests = vi.fn()
    const { unmount } = await renderApp({
      session: lockedPhone().locked,
      servicesLoaded: later().promise,
      servicesRequested: lockedRequests,
    })
    await waitFor(() => expect(lockedRequests).toHaveBeenCalled())
    unmount()

    const requests = vi.fn()
    const { user } = await renderApp({ session: null, servicesLoaded: later().promise, servicesRequested: requests })
    await firstPaintPassed()
    expect(requests).not.toHaveBeenCalled()
    await user.click(screen.getByLabelText('Username'))
    expect(requests).toHaveBeenCalled()
  })

  it('offers the sign-in form to a new phone at once, and signs in once the app has loaded', async () => {
    const loaded = later()
    const { user, services } = await renderApp({ session: null, servicesLoaded: loaded.promise })
    await user.type(screen.getByLabelText('Username'), 'aicha')
    await user.type(screen.getByLabelText('Password'), 'secret-password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(services.signIn).not.toHaveBeenCalled()
    await act(async () => loaded.release())
    expect(await screen.findByRole('link', { name: 'Register a person' })).toBeInTheDocument()
    expect(services.signIn).toHaveBeenCalledWith('aicha', 'secret-password', undefined)
  })
})
