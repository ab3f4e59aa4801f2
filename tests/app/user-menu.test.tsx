/**
 * The user's menu in the header (app/user-menu.tsx) is a disclosure that never lingers
 * over the screen: at 360 px an open panel lies over home's big buttons, and a tap meant
 * for them landed on "Sign out". It closes after a choice, on a tap outside, on Escape
 * wherever focus is and on a move to another screen. Signing out without a link asks
 * first: signing in again needs one, and Lock keeps the day's work going offline.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { updateSyncStatus } from '@/data/sync-status'
import { renderApp } from '../features/helpers/render-app'

afterEach(() => vi.restoreAllMocks())

const NAME = 'Aïcha Moussa'

/** Opens the menu; returns its toggle and its panel. */
async function openMenu(user: Awaited<ReturnType<typeof renderApp>>['user']) {
  const toggle = await screen.findByRole('button', { name: NAME })
  await user.click(toggle)
  expect(toggle).toHaveAttribute('aria-expanded', 'true')
  const panel = document.getElementById(toggle.getAttribute('aria-controls') ?? '')
  if (!panel) throw new Error('the menu panel is not shown')
  return { toggle, panel }
}

describe('the user menu closes', () => {
  it('after a language is chosen in it, with focus back on the name', async () => {
    const { user } = await renderApp()
    const { toggle, panel } = await openMenu(user)
    await user.click(within(panel).getByRole('button', { name: 'Français' }))
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(panel).not.toBeInTheDocument()
    expect(toggle).toHaveFocus()
    // the choice was made all the same
    expect(await screen.findByRole('link', { name: 'Enregistrer une personne' })).toBeInTheDocument()
  })

  it('on a tap outside it, leaving focus where the tap put it', async () => {
    const { user } = await renderApp()
    const { toggle } = await openMenu(user)
    await user.pointer({ keys: '[MouseLeft>]', target: screen.getByRole('heading', { level: 1, name: 'Home' }) })
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument()
    expect(toggle).not.toHaveFocus()
  })

  it('on Escape while focus is inside it, and back on the name', async () => {
    const { user } = await renderApp()
    const { toggle, panel } = await openMenu(user)
    within(panel).getByRole('link', { name: 'Settings' }).focus()
    await user.keyboard('{Escape}')
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(toggle).toHaveFocus()
  })

  it('on Escape wherever focus is, and back on the name', async () => {
    const { user } = await renderApp()
    const { toggle } = await openMenu(user)
    // focus moved out of the menu without a tap (the keyboard, a screen reader)
    screen.getByRole('link', { name: 'Cases' }).focus()
    await user.keyboard('{Escape}')
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument()
    expect(toggle).toHaveFocus()
  })

  it('on a move to another screen', async () => {
    const { user } = await renderApp()
    const { toggle } = await openMenu(user)
    // a move without a tap outside: a link followed from the keyboard
    screen.getByRole('link', { name: 'Cases' }).focus()
    await user.keyboard('{Enter}')
    expect(await screen.findByRole('heading', { level: 1, name: 'Cases' })).toBeInTheDocument()
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(screen.queryByRole('button', { name: 'Sign out' })).not.toBeInTheDocument()
  })

  it('after Settings is chosen, with focus on the settings screen’s title', async () => {
    const { user } = await renderApp()
    const { toggle, panel } = await openMenu(user)
    await user.click(within(panel).getByRole('link', { name: 'Settings' }))
    const title = await screen.findByRole('heading', { level: 1, name: 'Settings of this phone' })
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await waitFor(() => expect(title).toHaveFocus())
  })
})

describe('signing out without a link', () => {
  it('asks first when the phone is offline, with staying signed in and Lock before signing out', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const { user, services } = await renderApp({ lang: 'fr' })
    const toggle = await screen.findByRole('button', { name: NAME })
    await user.click(toggle)
    await user.click(screen.getByRole('button', { name: 'Se déconnecter' }))

    const warning = await screen.findByRole('alert')
    expect(warning).toHaveTextContent('se reconnecter nécessite un réseau')
    expect(warning).toHaveTextContent('verrouillez plutôt l’application'.replace('’', "'"))
    expect(warning).toHaveFocus()
    expect(services.signOut).not.toHaveBeenCalled()
    // the safe choices come first; "Se déconnecter quand même" last
    const panel = () => document.getElementById(toggle.getAttribute('aria-controls') ?? '')!
    const choices = within(panel())
      .getAllByRole('button')
      .filter((b) => !b.closest('.language-switch'))
      .map((b) => b.textContent)
    expect(choices).toEqual(['Rester connecté', 'Verrouiller', 'Se déconnecter quand même'])

    await user.click(within(panel()).getByRole('button', { name: 'Rester connecté' }))
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    expect(toggle).toHaveFocus()
    expect(services.signOut).not.toHaveBeenCalled()

    // asked again, Lock instead: the work stays open to an offline unlock
    await user.click(toggle)
    await user.click(screen.getByRole('button', { name: 'Se déconnecter' }))
    await user.click(within(panel()).getByRole('button', { name: 'Verrouiller' }))
    await waitFor(() => expect(services.lock).toHaveBeenCalled())
    expect(services.signOut).not.toHaveBeenCalled()
  })

  it('asks first when the last sync got no answer from the server, though the browser says online', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
    const { user, services } = await renderApp({
      seed: (db) =>
        updateSyncStatus(db, {
          online: false,
          lastError: { code: 'network', message: 'Failed to fetch', at: new Date().toISOString() },
        }).then(() => undefined),
    })
    await user.click(await screen.findByRole('button', { name: NAME }))
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('signing in again needs a connection')
    expect(services.signOut).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Sign out anyway' }))
    await waitFor(() => expect(services.signOut).toHaveBeenCalled())
  })

  it('signs out at once when online with nothing waiting, and focus goes to the sign-in title', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
    const { user, services } = await renderApp()
    await user.click(await screen.findByRole('button', { name: NAME }))
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    const title = await screen.findByRole('heading', { level: 1, name: 'Sign in' })
    expect(services.signOut).toHaveBeenCalled()
    await waitFor(() => expect(title).toHaveFocus())
    expect(document.activeElement).not.toBe(document.body)
  })
})
