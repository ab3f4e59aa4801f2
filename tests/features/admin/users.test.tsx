import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderApp } from '../helpers/render-app'
import { stubApi, user } from './fake-api'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const admin = user({ id: 'u-admin', username: 'admin', name: 'Admin Niamey', role: 'admin', sites: [] })

describe('users (admin)', () => {
  it('lists the users with their role and sites, and says which are disabled', async () => {
    const api = stubApi({
      'GET /api/v1/users': {
        status: 200,
        body: [admin, user(), user({ id: 'u-2', username: 'moussa', name: 'Moussa Ali', active: false })],
      },
    })
    const { user: ui } = await renderApp({ role: 'admin' })
    await ui.click(await screen.findByRole('link', { name: 'Users' }))
    const list = await screen.findByRole('list', { name: 'Users' })
    const amina = within(list).getByRole('heading', { name: 'Amina Issoufou' }).closest('li') as HTMLElement
    expect(amina).toHaveTextContent('amina · Registrar')
    expect(amina).toHaveTextContent('Agadez transit centre')
    expect(amina).not.toHaveTextContent('Disabled')
    const moussa = within(list).getByRole('heading', { name: 'Moussa Ali' }).closest('li') as HTMLElement
    expect(moussa).toHaveTextContent('Disabled')
    expect(api.calls[0]?.authorization).toBe('Bearer token-1')
  })

  it('shows no Users tile or screen to a supervisor, but Devices', async () => {
    await renderApp({ role: 'supervisor', path: '/' })
    expect(await screen.findByRole('link', { name: 'Devices' })).toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Users' })).not.toBeInTheDocument()
  })

  it('refuses an invalid username inline, with the summary, keeping what was typed', async () => {
    const api = stubApi({})
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/users/new' })
    await ui.type(await screen.findByLabelText('Full name'), 'Hadiza Garba')
    await ui.type(screen.getByLabelText('Username'), 'Hadiza G')
    await ui.type(screen.getByLabelText('Password'), 'long enough passphrase')
    await ui.click(screen.getByRole('radio', { name: /Registrar/ }))
    await ui.click(screen.getByRole('button', { name: 'Create the user' }))

    const username = screen.getByLabelText('Username')
    expect(username).toHaveAttribute('aria-invalid', 'true')
    expect(username).toHaveAccessibleDescription(expect.stringMatching(/3 to 40 lower-case.*3 to 40 lower-case/))
    const summary = screen.getByRole('alert', { name: /Check these fields/ })
    expect(within(summary).getByRole('link', { name: /^Username: 3 to 40 lower-case/ })).toBeInTheDocument()
    expect(summary).toHaveFocus()
    expect(username).toHaveValue('Hadiza G')
    expect(screen.getByLabelText('Full name')).toHaveValue('Hadiza Garba')
    expect(api.writes()).toHaveLength(0)
  })

  it('explains each role in one line and groups the sites by kind', async () => {
    stubApi({})
    await renderApp({ role: 'admin', path: '/admin/users/new', lang: 'fr' })
    const role = await screen.findByRole('group', { name: 'Rôle' })
    expect(within(role).getByRole('radio', { name: /Superviseur/ })).toHaveAccessibleDescription(
      'Voit tout sur ses sites, les appareils, les conflits et les exports.',
    )
    const sites = await screen.findByRole('group', { name: 'Sites' })
    const centres = within(sites).getByRole('group', { name: 'Centre de transit' })
    expect(
      within(centres)
        .getAllByRole('checkbox')
        .map((c) => c.getAttribute('value')),
    ).toEqual(['AGZ-TC', 'ARL-TC'])
    expect(within(sites).getByRole('group', { name: 'Point de suivi des flux' })).toBeInTheDocument()
  })

  it('warns, beside the sites, when the sites ticked (or none) give the role no work', async () => {
    stubApi({})
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/users/new' })
    const sites = await screen.findByRole('group', { name: 'Sites' })
    const fmp = within(within(sites).getByRole('group', { name: 'Flow monitoring point' })).getAllByRole('checkbox')[0]
    expect(sites).not.toHaveAccessibleDescription(/No site is ticked/)
    await ui.click(screen.getByRole('radio', { name: /Registrar/ }))
    // a role and no site at all: no work either
    expect(sites).toHaveAccessibleDescription(/No site is ticked: this user could sign in but would have nothing to do/)
    await ui.click(fmp as HTMLElement)
    expect(sites).not.toHaveAccessibleDescription(/No site is ticked/)
    const warning = /None of these sites is a transit centre: a registrar registers people only at transit centres/
    expect(sites).toHaveAccessibleDescription(warning)
    // a monitor works at that point: no warning
    await ui.click(screen.getByRole('radio', { name: /Flow monitor/ }))
    expect(sites).not.toHaveAccessibleDescription(/None of these sites/)
    // a registrar given a transit centre too has work
    await ui.click(screen.getByRole('radio', { name: /Registrar/ }))
    expect(sites).toHaveAccessibleDescription(warning)
    await ui.click(screen.getByRole('checkbox', { name: 'Agadez transit centre' }))
    expect(sites).not.toHaveAccessibleDescription(/None of these sites/)
  })

  it('creates a user and lists it with a confirmation', async () => {
    let created: unknown
    const api = stubApi({
      'POST /api/v1/users': (body) => {
        created = body
        return { status: 201, body: user({ id: 'u-9', username: 'hadiza', name: 'Hadiza Garba', sites: ['ARL-TC'] }) }
      },
      'GET /api/v1/users': { status: 200, body: [admin] },
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/users/new' })
    await ui.type(await screen.findByLabelText('Full name'), 'Hadiza Garba')
    await ui.type(screen.getByLabelText('Username'), 'hadiza')
    await ui.type(screen.getByLabelText('Password'), 'long enough passphrase')
    await ui.click(screen.getByRole('radio', { name: /Registrar/ }))
    await ui.click(await screen.findByRole('checkbox', { name: 'Arlit transit centre' }))
    await ui.click(screen.getByRole('button', { name: 'Create the user' }))
    // the confirmation takes the focus once it is drawn
    await waitFor(() => expect(screen.getByText('User created: Hadiza Garba.')).toHaveFocus())
    expect(created).toEqual({
      username: 'hadiza',
      name: 'Hadiza Garba',
      password: 'long enough passphrase',
      role: 'registrar',
      sites: ['ARL-TC'],
    })
    expect(api.writes()).toHaveLength(1)
  })

  it("puts the server's field errors on their fields and a taken username on the username", async () => {
    stubApi({
      'POST /api/v1/users': vi
        .fn()
        .mockReturnValueOnce({
          status: 400,
          body: {
            error: 'invalid_request',
            issues: [{ path: ['sites', 0], code: 'unknown_site', message: 'No site ARL-TC' }],
          },
        })
        .mockReturnValueOnce({ status: 409, body: { error: 'already_exists', message: 'Username hadiza is taken' } }),
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/users/new' })
    await ui.type(await screen.findByLabelText('Full name'), 'Hadiza Garba')
    await ui.type(screen.getByLabelText('Username'), 'hadiza')
    await ui.type(screen.getByLabelText('Password'), 'long enough passphrase')
    await ui.click(screen.getByRole('radio', { name: /Registrar/ }))
    await ui.click(await screen.findByRole('checkbox', { name: 'Arlit transit centre' }))
    await ui.click(screen.getByRole('button', { name: 'Create the user' }))

    const sites = await screen.findByRole('group', { name: 'Sites' })
    expect(sites).toHaveAccessibleDescription(expect.stringContaining('A chosen site is unknown to the server.'))
    expect(screen.getByRole('link', { name: 'Sites: A chosen site is unknown to the server.' })).toBeInTheDocument()

    await ui.click(screen.getByRole('button', { name: 'Create the user' }))
    const username = screen.getByLabelText('Username')
    expect(await screen.findByRole('link', { name: 'Username: This username is already taken.' })).toBeInTheDocument()
    expect(username).toHaveAttribute('aria-invalid', 'true')
    expect(username).toHaveValue('hadiza')
    expect(screen.getByLabelText('Password')).toHaveValue('long enough passphrase')
  })

  it('changes role and sites with a PATCH of only what changed', async () => {
    const api = stubApi({
      'GET /api/v1/users': { status: 200, body: [admin, user()] },
      'PATCH /api/v1/users/u-1': (body) => ({ status: 200, body: user({ ...(body as object) }) }),
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/users/u-1' })
    expect(await screen.findByRole('heading', { level: 1, name: 'Amina Issoufou' })).toBeInTheDocument()
    await ui.click(screen.getByRole('radio', { name: /Supervisor/ }))
    // the sites come from the phone's own list, read apart from the user
    await ui.click(await screen.findByRole('checkbox', { name: 'Arlit transit centre' }))
    await ui.click(screen.getByRole('button', { name: 'Save changes' }))
    expect(await screen.findByText('Changes saved.')).toHaveFocus()
    expect(api.writes()).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: '/api/v1/users/u-1',
        body: { role: 'supervisor', sites: ['AGZ-TC', 'ARL-TC'] },
      }),
    ])
    // a further change is not saved yet: the notice does not stay to say it is
    await ui.type(screen.getByLabelText('Full name'), ' Garba')
    expect(screen.queryByText('Changes saved.')).not.toBeInTheDocument()
  })

  it('asks for confirmation before disabling, then shows the account as disabled', async () => {
    const api = stubApi({
      'GET /api/v1/users': { status: 200, body: [admin, user()] },
      'PATCH /api/v1/users/u-1': { status: 200, body: user({ active: false }) },
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/users/u-1' })
    await ui.click(await screen.findByRole('button', { name: 'Disable the account' }))
    const question = screen.getByRole('heading', { name: 'Disable the account of Amina Issoufou?' })
    expect(question).toHaveFocus()
    expect(api.writes()).toHaveLength(0)
    await ui.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(api.writes()).toHaveLength(0)
    // the keyboard's focus back on the button that asked, not at the page's start
    expect(screen.getByRole('button', { name: 'Disable the account' })).toHaveFocus()

    await ui.click(screen.getByRole('button', { name: 'Disable the account' }))
    await ui.click(screen.getByRole('button', { name: 'Yes, disable' }))
    expect(await screen.findByText("Amina Issoufou's account is disabled.")).toHaveFocus()
    expect(api.writes()).toEqual([expect.objectContaining({ method: 'PATCH', body: { active: false } })])
    expect(screen.getByText('This account is disabled: it cannot sign in or sync.')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Enable the account' })).toBeInTheDocument()
  })

  it('says why the last admin cannot be disabled', async () => {
    stubApi({
      'GET /api/v1/users': { status: 200, body: [admin] },
      'PATCH /api/v1/users/u-admin': { status: 409, body: { error: 'last_admin', message: 'last' } },
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/users/u-admin' })
    await ui.click(await screen.findByRole('button', { name: 'Disable the account' }))
    await ui.click(screen.getByRole('button', { name: 'Yes, disable' }))
    expect(
      await screen.findByText('This is the last active administrator: make another administrator first.'),
    ).toBeInTheDocument()
  })

  it('resets a password typed twice', async () => {
    const api = stubApi({
      'GET /api/v1/users': { status: 200, body: [admin, user()] },
      'POST /api/v1/users/u-1/password': { status: 204 },
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/users/u-1' })
    await ui.type(await screen.findByLabelText('New password', { selector: 'input' }), 'a new passphrase')
    await ui.type(screen.getByLabelText('New password again'), 'a new passphrase!')
    await ui.click(screen.getByRole('button', { name: 'Set the new password' }))
    expect(screen.getByLabelText('New password again')).toHaveAccessibleDescription(
      expect.stringContaining('The two passwords differ.'),
    )
    expect(api.writes()).toHaveLength(0)
    await ui.type(screen.getByLabelText('New password again'), '{Backspace}')
    await ui.click(screen.getByRole('button', { name: 'Set the new password' }))
    expect(await screen.findByText(/New password set for Amina Issoufou/)).toHaveFocus()
    expect(api.writes()).toEqual([expect.objectContaining({ body: { password: 'a new passphrase' } })])
    expect(screen.getByLabelText('New password', { selector: 'input' })).toHaveValue('')
  })

  it('says a connection is needed when offline, and keeps the typing', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    stubApi({ 'GET /api/v1/users': 'offline', 'POST /api/v1/users': 'offline' })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/users', lang: 'fr' })
    expect(await screen.findByText('Hors ligne : cet écran se lit sur le serveur.')).toBeInTheDocument()

    await ui.click(screen.getByRole('link', { name: 'Nouvel utilisateur' }))
    expect(screen.getByText('Nécessite une connexion.')).toBeInTheDocument()
    await ui.type(screen.getByLabelText('Nom complet'), 'Hadiza Garba')
    await ui.type(screen.getByLabelText("Nom d'utilisateur"), 'hadiza')
    await ui.type(screen.getByLabelText('Mot de passe'), 'long enough passphrase')
    await ui.click(screen.getByRole('radio', { name: /Agent d'enregistrement/ }))
    await ui.click(screen.getByRole('button', { name: "Créer l'utilisateur" }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Nécessite une connexion.')
    // said once, by the try that failed: not again in the notice above it
    expect(screen.getAllByText(/Nécessite une connexion/)).toHaveLength(1)
    expect(screen.getByLabelText("Nom d'utilisateur")).toHaveValue('hadiza')
  })
})
