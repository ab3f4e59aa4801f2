/**
 * The sign-in screen offline on a phone where someone has signed in before: not "the
 * first sign-in" (it is not one), but that signing in needs a connection and that Lock,
 * not Sign out, keeps the work going offline. A phone's first sign-in keeps ux.md's words
 * (sign-in-form.test.tsx).
 */
import { screen } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { deviceDb } from '@/session/device-db'
import { configureSession, lock, signIn, signOut, SignInError } from '@/session/session'
import { fakeSession, renderApp } from './helpers/render-app'

const aicha = fakeSession('registrar', ['AGZ-TC'])
const fromServer = vi.fn(
  async () =>
    new Response(JSON.stringify({ token: 'token-1', expiresAt: aicha.expiresAt, user: aicha.user }), {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
    }),
)

beforeEach(async () => {
  configureSession({ vault: { unsafeTestIterations: 1000 } })
  lock()
  await Promise.all(deviceDb().tables.map((t) => t.clear()))
  // Aïcha signed in on this phone, then signed out (the real session code, the server's answer stubbed)
  await signIn(aicha.user.username, 'her-password', { fetch: fromServer })
  await signOut()
})

afterEach(() => vi.restoreAllMocks())

describe('signing in offline on a phone used before', () => {
  it('says that signing in needs a connection and that Lock keeps the work offline, not "first sign-in"', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    await renderApp({ session: null, lang: 'fr' })
    expect(await screen.findByRole('heading', { name: 'Connexion' })).toBeInTheDocument()
    expect(
      await screen.findByText(
        'La connexion nécessite un réseau. Pour continuer à travailler hors ligne, ' +
          "verrouillez l'application au lieu de vous déconnecter.",
      ),
    ).toBeInTheDocument()
    expect(screen.queryByText(/première connexion/)).not.toBeInTheDocument()
  })

  it('says the same when the server cannot be reached', async () => {
    const refused = vi.fn(async () => {
      throw new SignInError('offline')
    })
    const { user } = await renderApp({ session: null, signIn: refused })
    await user.type(await screen.findByLabelText('Username'), aicha.user.username)
    await user.type(screen.getByLabelText('Password'), 'her-password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Signing in needs a connection. To keep working offline, lock the app instead of signing out.',
    )
    expect(screen.queryByText(/first sign-in/)).not.toBeInTheDocument()
  })
})
