import { act, screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { applyPushResults } from '@/data/acknowledge'
import { saveRecord } from '@/data/records'
import { editCase } from '@/features/registration/save-case'
import { SignInError } from '@/session/session'
import { namedRegistration } from '../helpers/records'
import { fakeSession, renderApp } from './helpers/render-app'

afterEach(() => vi.restoreAllMocks())

describe('sign-in', () => {
  it('asks for a connection when nobody has signed in on this phone and it is offline', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    await renderApp({ session: null, lang: 'fr' })
    expect(await screen.findByRole('heading', { name: 'Connexion' })).toBeInTheDocument()
    // once the phone is known to be new (nobody's vault is on it)
    expect(await screen.findByText('La première connexion nécessite un réseau.')).toBeInTheDocument()
    expect(screen.getByLabelText("Nom d'utilisateur")).toBeInTheDocument()
    expect(screen.getByLabelText('Mot de passe')).toHaveAttribute('type', 'password')
    expect(screen.getByRole('button', { name: 'Se connecter' })).toBeInTheDocument()
  })

  it('says the first sign-in needs a connection when the server cannot be reached', async () => {
    const signIn = vi.fn(async () => {
      throw new SignInError('offline')
    })
    const { user } = await renderApp({ session: null, signIn })
    await user.type(await screen.findByLabelText('Username'), 'amina')
    await user.type(screen.getByLabelText('Password'), 'secret-password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('The first sign-in needs a connection.')
    expect(signIn).toHaveBeenCalledWith('amina', 'secret-password', undefined)
  })

  it('names the phone at a first sign-in, for the supervisors’ device list', async () => {
    const signIn = vi.fn(async () => {
      throw new SignInError('offline')
    })
    const { user } = await renderApp({ session: null, signIn })
    await user.type(await screen.findByLabelText('Username'), 'amina')
    await user.type(screen.getByLabelText('Password'), 'secret-password')
    await user.type(screen.getByLabelText('Name of this phone (optional)'), '  Tecno Amina ')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    await screen.findByRole('alert')
    expect(signIn).toHaveBeenCalledWith('amina', 'secret-password', 'Tecno Amina')
  })

  it('tells wrong credentials and rate limiting apart', async () => {
    const signIn = vi
      .fn()
      .mockRejectedValueOnce(new SignInError('invalid_credentials'))
      .mockRejectedValueOnce(new SignInError('rate_limited', 'Too many', 120))
      .mockRejectedValueOnce(new SignInError('device_blocked'))
    const { user } = await renderApp({ session: null, signIn })
    await user.type(await screen.findByLabelText('Username'), 'amina')
    await user.type(screen.getByLabelText('Password'), 'wrong')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText('Too many attempts. Try again in 2 min.')).toBeInTheDocument()
    // a phone reported stolen: not a wrong password, and where to turn
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByText(/This phone is blocked for your account/)).toHaveTextContent(
      'Ask your supervisor; you can sign in on another phone.',
    )
  })

  it('says the app must be updated when the server asks for a newer version', async () => {
    const signIn = vi.fn().mockRejectedValueOnce(new SignInError('update_required'))
    const { user } = await renderApp({ session: null, signIn })
    await user.type(await screen.findByLabelText('Username'), 'amina')
    await user.type(screen.getByLabelText('Password'), 'secret-password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('This version of Relais is too old for the server.')
  })

  it('opens the role-shaped home after signing in, and signs out', async () => {
    const session = fakeSession('monitor', ['ARL-FMP'])
    const { user, services } = await renderApp({ session: null, signIn: vi.fn(async () => session) })
    await user.type(await screen.findByLabelText('Username'), 'moussa')
    await user.type(screen.getByLabelText('Password'), 'right-password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('link', { name: 'Tally' })).toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Today' })).toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Register a person' })).not.toBeInTheDocument()
    expect(screen.getByRole('link', { name: 'Survey' })).toBeInTheDocument()
    expect(services.startSync).toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Aïcha Moussa' }))
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
    expect(services.signOut).toHaveBeenCalled()
  })

  it("opens the new user's home after a sign-out, not the screen the last user left", async () => {
    const monitor = fakeSession('monitor', ['ARL-FMP'])
    const { user } = await renderApp({ path: '/cases', router: 'browser', signIn: vi.fn(async () => monitor) })
    expect(await screen.findByRole('heading', { name: 'Cases' })).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Aïcha Moussa' }))
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    await user.type(await screen.findByLabelText('Username'), 'moussa')
    await user.type(screen.getByLabelText('Password'), 'right-password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('link', { name: 'Tally' })).toBeInTheDocument()
    expect(window.location.pathname).toBe('/')
    expect(screen.queryByRole('heading', { name: 'Cases' })).not.toBeInTheDocument()
  })

  it('asks before signing out with records not yet sent, which stay locked on the phone', async () => {
    const { user, services } = await renderApp({
      seed: (db) => saveRecord(db, 'registration', namedRegistration()).then(() => undefined),
    })
    await user.click(await screen.findByRole('button', { name: 'Aïcha Moussa' }))
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    const warning = await screen.findByRole('alert')
    expect(warning).toHaveTextContent('1 record is not sent yet. It stays on this phone, locked')
    expect(warning).toHaveFocus()
    expect(services.signOut).not.toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Stay signed in' }))
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Aïcha Moussa' })).toHaveFocus()

    await user.click(screen.getByRole('button', { name: 'Aïcha Moussa' }))
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    await user.click(await screen.findByRole('button', { name: 'Sign out anyway' }))
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
    expect(services.signOut).toHaveBeenCalled()
  })

  it('counts a case edited offline as one record not sent, its timeline event with it', async () => {
    const { user } = await renderApp({
      seed: async (db) => {
        const sent = await saveRecord(db, 'registration', namedRegistration())
        await db.outbox.clear()
        await db.registrations.update(sent.id, { state: 'sent', syncedRev: 1 })
        await editCase(db, sent.data, { ...sent.data, nationality: 'NER' }, 'user-1')
      },
    })
    await user.click(await screen.findByRole('button', { name: 'Aïcha Moussa' }))
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(/^⚠ 1 record is not sent yet\./)
  })

  it("asks before signing out with a record that waits for this user's decision", async () => {
    const { user, services } = await renderApp({
      seed: async (db) => {
        await saveRecord(db, 'registration', namedRegistration())
        const entries = await db.outbox.toArray()
        await applyPushResults(
          db,
          entries,
          entries.map((e) => ({
            mutationId: e.mutationId,
            status: 'rejected',
            errors: [{ path: ['siteCode'], code: 'not_an_active_centre' }],
          })),
        )
      },
    })
    await user.click(await screen.findByRole('button', { name: 'Aïcha Moussa' }))
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    const warning = await screen.findByRole('alert')
    expect(warning).toHaveTextContent(
      '1 record waits for your decision: the server refused it or it was changed there too. Nobody else can decide it',
    )
    expect(warning).not.toHaveTextContent('not sent yet')
    expect(services.signOut).not.toHaveBeenCalled()
  })

  it("puts a supervisor's console first: Devices, Problems, Numbers, Exports", async () => {
    await renderApp({ role: 'supervisor', sites: ['AGZ-TC', 'ARL-FMP'] })
    await screen.findByRole('link', { name: 'Devices' })
    const nav = screen.getAllByRole('navigation', { name: 'Main menu' }).find((n) => n.closest('main'))!
    const tiles = within(nav)
      .getAllByRole('link')
      .map((link) => link.textContent)
    expect(tiles.slice(0, 4)).toEqual(['Devices', 'Problems', 'Numbers', 'Exports'])
    expect(tiles).toContain('Register a person')
    expect(tiles.at(-1)).toBe('Settings')
  })

  it('shows both sets of tiles to an admin', async () => {
    await renderApp({ role: 'admin' })
    for (const name of ['Register a person', 'Cases', 'Tally', 'Today']) {
      expect(await screen.findByRole('link', { name })).toBeInTheDocument()
    }
  })

  it('asks to sign in again when the server refuses the token, keeping the screen', async () => {
    const { user, services } = await renderApp()
    await screen.findByRole('link', { name: 'Cases' })
    // the engine starts in a passive effect, which may run after the tiles are on screen
    await waitFor(() => expect(services.startSync).toHaveBeenCalled())
    const startOptions = vi.mocked(services.startSync).mock.calls.at(-1)?.[0]
    if (!startOptions) throw new Error('the sync engine was not started')
    act(() => startOptions.onAuthRequired())
    expect(await screen.findByText(/Your session has ended/)).toBeInTheDocument()
    expect(services.markNeedsSignIn).toHaveBeenCalled()
    await user.click(screen.getByRole('button', { name: 'Sign in again' }))
    expect(screen.getByLabelText('Username')).not.toHaveValue('')
    expect(screen.getByRole('link', { name: 'Cases' })).toBeInTheDocument()
  })
})
