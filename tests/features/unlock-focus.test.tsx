/**
 * Where focus lands after an unlock (app/use-route-focus.ts): the unlock form that had it
 * is gone, so focus goes back to the field the user was in when the app locked, or else
 * to the screen's title; never to the page's body, where a keyboard or screen reader user
 * would have to start again from the top.
 */
import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { UnlockResult } from '@/session/session'
import { lockedPhone, renderApp } from './helpers/render-app'

describe('focus after an unlock', () => {
  it("goes to the screen's title after an unlock at start", async () => {
    const { locked, unlocked } = lockedPhone()
    const unlock = vi.fn(async (): Promise<UnlockResult> => ({ ok: true, session: unlocked }))
    const { user } = await renderApp({ session: locked, unlock })
    await user.type(await screen.findByLabelText('Password'), 'pass-phrase')
    await user.click(screen.getByRole('button', { name: 'Unlock' }))

    const title = await screen.findByRole('heading', { level: 1, name: 'Home' })
    await waitFor(() => expect(title).toHaveFocus())
    expect(document.activeElement).not.toBe(document.body)
  })

  it('goes back to the field the user was in when the app locked', async () => {
    const { unlocked } = lockedPhone()
    const unlock = vi.fn(async (): Promise<UnlockResult> => ({ ok: true, session: unlocked }))
    const { user, services } = await renderApp({ session: unlocked, unlock, path: '/cases' })
    const search = await screen.findByRole('searchbox', { name: 'Search' })
    await user.click(search)
    await waitFor(() => expect(services.startSync).toHaveBeenCalled())
    // another tab of the same user locks: this one locks too, with focus in the field
    const otherTab = new BroadcastChannel('relais-lock')
    otherTab.postMessage(unlocked.user.id)
    otherTab.close()

    await user.type(await screen.findByLabelText('Password'), 'pass-phrase')
    await user.click(screen.getByRole('button', { name: 'Unlock' }))
    await screen.findByRole('heading', { level: 1, name: 'Cases' })
    await waitFor(() => expect(screen.getByRole('searchbox', { name: 'Search' })).toHaveFocus())
  })

  it("goes to the screen's title when the user had locked it from the header", async () => {
    const { unlocked } = lockedPhone()
    const unlock = vi.fn(async (): Promise<UnlockResult> => ({ ok: true, session: unlocked }))
    const { user } = await renderApp({ session: unlocked, unlock, path: '/cases' })
    await user.click(await screen.findByRole('searchbox', { name: 'Search' }))
    await user.click(screen.getByRole('button', { name: 'Lock' }))

    await user.type(await screen.findByLabelText('Password'), 'pass-phrase')
    await user.click(screen.getByRole('button', { name: 'Unlock' }))
    const title = await screen.findByRole('heading', { level: 1, name: 'Cases' })
    await waitFor(() => expect(title).toHaveFocus())
  })
})
