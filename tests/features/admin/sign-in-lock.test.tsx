import { screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderApp } from '../helpers/render-app'
import { stubApi, user } from './fake-api'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const admin = user({ id: 'u-admin', username: 'admin', name: 'Admin Niamey', role: 'admin', sites: [] })
// 09:42 UTC is 10:42 in Niger (UTC+1), whatever the test machine's zone
const LOCKED_UNTIL = '2099-03-02T09:42:00.000Z'

describe('sign-in lock (admin)', () => {
  it('says until when wrong passwords lock a user out, and lifts the lock', async () => {
    const api = stubApi({
      'GET /api/v1/users': { status: 200, body: [admin, user()] },
      'GET /api/v1/users/u-1/sign-in-lock': { status: 200, body: { username: 'amina', lockedUntil: LOCKED_UNTIL } },
      'POST /api/v1/auth/unlock': { status: 200, body: { username: 'amina', cleared: 10 } },
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/users/u-1' })
    const access = await screen.findByRole('region', { name: 'Access' })
    expect(
      await within(access).findByText(/Locked after too many wrong passwords until 10:42 \(Niger time\)/),
    ).toHaveTextContent('nobody can sign in as amina')
    expect(access).not.toHaveTextContent('This account can sign in and sync.')

    await ui.click(within(access).getByRole('button', { name: 'Unlock sign-in' }))
    expect(await within(access).findByText('Unlocked: Amina Issoufou can sign in again.')).toHaveFocus()
    expect(api.writes()).toEqual([
      expect.objectContaining({ method: 'POST', path: '/api/v1/auth/unlock', body: { username: 'amina' } }),
    ])
    expect(access).not.toHaveTextContent(/Locked after/)
    expect(within(access).queryByRole('button', { name: 'Unlock sign-in' })).not.toBeInTheDocument()
    expect(access).toHaveTextContent('This account can sign in and sync.')
  })

  it('says nothing of a lock when there is none', async () => {
    stubApi({
      'GET /api/v1/users': { status: 200, body: [admin, user()] },
      'GET /api/v1/users/u-1/sign-in-lock': { status: 200, body: { username: 'amina', lockedUntil: null } },
    })
    await renderApp({ role: 'admin', path: '/admin/users/u-1' })
    const access = await screen.findByRole('region', { name: 'Access' })
    expect(access).toHaveTextContent('This account can sign in and sync.')
    expect(within(access).queryByRole('button', { name: 'Unlock sign-in' })).not.toBeInTheDocument()
  })

  it('shows the lock gone once a new password is set (the server lifts it), in French', async () => {
    stubApi({
      'GET /api/v1/users': { status: 200, body: [admin, user()] },
      'GET /api/v1/users/u-1/sign-in-lock': { status: 200, body: { username: 'amina', lockedUntil: LOCKED_UNTIL } },
      'POST /api/v1/users/u-1/password': { status: 204 },
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/users/u-1', lang: 'fr' })
    const access = await screen.findByRole('region', { name: 'Accès' })
    expect(await within(access).findByText(/jusqu'à 10:42 \(heure du Niger\)/)).toBeInTheDocument()
    expect(within(access).getByRole('button', { name: 'Débloquer la connexion' })).toBeInTheDocument()
    expect(screen.getByText(/s'ouvre encore avec l'ancien mot de passe/)).toBeInTheDocument()

    await ui.type(screen.getByLabelText('Nouveau mot de passe', { selector: 'input' }), 'un nouveau mot de passe')
    await ui.type(screen.getByLabelText('Nouveau mot de passe, à nouveau'), 'un nouveau mot de passe')
    await ui.click(screen.getByRole('button', { name: 'Définir le nouveau mot de passe' }))
    expect(await screen.findByText(/Nouveau mot de passe défini pour Amina Issoufou/)).toBeInTheDocument()
    expect(access).not.toHaveTextContent(/Compte bloqué/)
    expect(access).toHaveTextContent('Ce compte peut se connecter et synchroniser.')
  })

  it('says it in Arabic too', async () => {
    stubApi({
      'GET /api/v1/users': { status: 200, body: [admin, user()] },
      'GET /api/v1/users/u-1/sign-in-lock': { status: 200, body: { username: 'amina', lockedUntil: LOCKED_UNTIL } },
    })
    await renderApp({ role: 'admin', path: '/admin/users/u-1', lang: 'ar' })
    expect(await screen.findByText(/حتى 10:42 \(بتوقيت النيجر\)/)).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'رفع قفل تسجيل الدخول' })).toBeInTheDocument()
  })

  it('says in the users list who is locked out, until when, and lifts the lock from there', async () => {
    const api = stubApi({
      'GET /api/v1/users': {
        status: 200,
        body: [admin, user(), user({ id: 'u-2', username: 'moussa', name: 'Moussa Ali' })],
      },
      'GET /api/v1/users/sign-in-locks': {
        status: 200,
        body: [{ userId: 'u-1', username: 'amina', lockedUntil: LOCKED_UNTIL }],
      },
      'POST /api/v1/auth/unlock': { status: 200, body: { username: 'amina', cleared: 10 } },
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/users' })
    const amina = (await screen.findByRole('link', { name: 'Amina Issoufou' })).closest('li') as HTMLElement
    expect(amina).toHaveTextContent('Locked out by wrong passwords until 10:42 (Niger time)')
    const moussa = screen.getByRole('link', { name: 'Moussa Ali' }).closest('li') as HTMLElement
    expect(moussa).not.toHaveTextContent(/Locked/)
    expect(within(moussa).queryByRole('button')).not.toBeInTheDocument()

    await ui.click(within(amina).getByRole('button', { name: 'Unlock sign-in for Amina Issoufou' }))
    expect(await within(amina).findByText('Unlocked: Amina Issoufou can sign in again.')).toBeInTheDocument()
    expect(amina).not.toHaveTextContent(/Locked out/)
    expect(api.writes()).toEqual([
      expect.objectContaining({ method: 'POST', path: '/api/v1/auth/unlock', body: { username: 'amina' } }),
    ])
  })

  it('says in French in the list until when a user is locked out', async () => {
    stubApi({
      'GET /api/v1/users': { status: 200, body: [admin, user()] },
      'GET /api/v1/users/sign-in-locks': {
        status: 200,
        body: [{ userId: 'u-1', username: 'amina', lockedUntil: LOCKED_UNTIL }],
      },
    })
    await renderApp({ role: 'admin', path: '/admin/users', lang: 'fr' })
    expect(
      await screen.findByText(/Bloqué par des mots de passe incorrects jusqu'à 10:42 \(heure du Niger\)/),
    ).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Débloquer la connexion pour Amina Issoufou' })).toBeInTheDocument()
  })
})
