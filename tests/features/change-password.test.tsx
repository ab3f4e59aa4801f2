import { screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeSession, renderApp } from './helpers/render-app'
import { stubApi, user } from './admin/fake-api'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

async function fill(ui: Awaited<ReturnType<typeof renderApp>>['user'], current: string, next: string, again = next) {
  const currentField = await screen.findByLabelText('Current password')
  if (current) await ui.type(currentField, current)
  await ui.type(screen.getByLabelText('New password'), next)
  await ui.type(screen.getByLabelText('New password again'), again)
  await ui.click(screen.getByRole('button', { name: 'Change my password' }))
}

describe('change my password (settings)', () => {
  it('shows a wrong current password inline, keeping what was typed, and leaves the vault alone', async () => {
    const { user: ui, session, services } = await renderApp({ path: '/settings', lang: 'fr', role: 'registrar' })
    const api = stubApi({
      [`POST /api/v1/users/${session!.user.id}/password`]: {
        status: 403,
        body: { error: 'wrong_password', message: 'The current password is not right' },
      },
    })
    await ui.type(await screen.findByLabelText('Mot de passe actuel'), 'not-the-one')
    await ui.type(screen.getByLabelText('Nouveau mot de passe'), 'a brand new password')
    await ui.type(screen.getByLabelText('Nouveau mot de passe, à nouveau'), 'a brand new password')
    await ui.click(screen.getByRole('button', { name: 'Changer mon mot de passe' }))
    expect(await screen.findByLabelText('Mot de passe actuel')).toHaveAccessibleDescription(
      expect.stringContaining('Mot de passe actuel incorrect.'),
    )
    expect(screen.getByLabelText('Mot de passe actuel')).toHaveValue('not-the-one')
    expect(screen.getByLabelText('Nouveau mot de passe')).toHaveValue('a brand new password')
    expect(api.writes()).toEqual([
      expect.objectContaining({ body: { currentPassword: 'not-the-one', password: 'a brand new password' } }),
    ])
    expect(services.changePassphrase).not.toHaveBeenCalled()
  })

  it('checks the fields before sending, with the summary', async () => {
    const { user: ui } = await renderApp({ path: '/settings' })
    const api = stubApi({})
    await fill(ui, '', 'short', 'other')
    expect(await screen.findByText('Check these fields:')).toBeInTheDocument()
    expect(screen.getByLabelText('Current password')).toHaveAccessibleDescription(expect.stringContaining('Required'))
    expect(screen.getByLabelText('New password again')).toHaveAccessibleDescription(
      expect.stringContaining('The two passwords differ.'),
    )
    expect(screen.getByLabelText('New password')).toHaveValue('short')
    expect(api.writes()).toHaveLength(0)
  })

  it('on success, re-wraps the vault with the new password and clears the fields', async () => {
    const { user: ui, session, services } = await renderApp({ path: '/settings', role: 'admin', sites: [] })
    const api = stubApi({ [`POST /api/v1/users/${session!.user.id}/password`]: { status: 204 } })
    await fill(ui, 'the old password', 'a brand new password')
    expect(await screen.findByText(/Password changed/)).toBeInTheDocument()
    expect(api.writes()).toEqual([
      expect.objectContaining({
        authorization: 'Bearer token-1',
        body: { currentPassword: 'the old password', password: 'a brand new password' },
      }),
    ])
    expect(services.changePassphrase).toHaveBeenCalledWith(session!.user.id, 'a brand new password')
    expect(screen.getByLabelText('Current password')).toHaveValue('')
    expect(screen.getByLabelText('New password')).toHaveValue('')
    expect(screen.getByLabelText('New password again')).toHaveValue('')
  })

  it('says a connection is needed when offline, keeping the typing', async () => {
    const { user: ui, session, services } = await renderApp({ path: '/settings' })
    const api = stubApi({ [`POST /api/v1/users/${session!.user.id}/password`]: 'offline' })
    await fill(ui, 'the old password', 'a brand new password')
    expect(await screen.findByText('Needs a connection.')).toBeInTheDocument()
    expect(screen.getByLabelText('Current password')).toHaveValue('the old password')
    expect(api.writes()).toHaveLength(1)
    expect(services.changePassphrase).not.toHaveBeenCalled()
  })

  it('says so once when the phone knows it is offline, before and after a try', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const { user: ui, session } = await renderApp({ path: '/settings' })
    stubApi({ [`POST /api/v1/users/${session!.user.id}/password`]: 'offline' })
    expect(await screen.findByText('Needs a connection.')).toBeInTheDocument()
    await fill(ui, 'the old password', 'a brand new password')
    await waitFor(() => expect(screen.getByText('Needs a connection.')).toHaveFocus())
    expect(screen.getAllByText('Needs a connection.')).toHaveLength(1)
  })
})

describe('the admin editing their own account', () => {
  it('links to the settings instead of the reset form', async () => {
    const session = fakeSession('admin', [])
    const me = user({ id: session.user.id, username: 'admin', name: 'Admin Niamey', role: 'admin', sites: [] })
    stubApi({ 'GET /api/v1/users': { status: 200, body: [me, user()] } })
    const { user: ui } = await renderApp({ session, path: `/admin/users/${session.user.id}` })
    expect(await screen.findByRole('heading', { name: 'Admin Niamey', level: 1 })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Set the new password' })).not.toBeInTheDocument()
    await ui.click(screen.getByRole('link', { name: 'Settings → Change my password' }))
    expect(await screen.findByRole('heading', { name: 'Change my password', level: 2 })).toBeInTheDocument()
  })

  it('still offers the reset form for someone else', async () => {
    stubApi({ 'GET /api/v1/users': { status: 200, body: [user()] } })
    await renderApp({ role: 'admin', sites: [], path: '/admin/users/u-1' })
    expect(await screen.findByRole('button', { name: 'Set the new password' })).toBeInTheDocument()
  })
})
