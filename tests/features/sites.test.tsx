import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { listSites } from '@/data/sites'
import type { User } from '@/shared/schemas/auth'
import type { Site } from '@/shared/schemas/site'
import { stubApi } from './admin/fake-api'
import { renderApp, SITES } from './helpers/render-app'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const closed: Site = {
  code: 'DBT-FMP',
  name: 'Dan Barto flow monitoring point',
  kind: 'fmp',
  adm1: 'Zinder',
  lat: null,
  lon: null,
  active: false,
}
const SERVER_SITES = [...SITES, closed]
const agadez = SITES[0] as Site

describe('sites (admin)', () => {
  it('lists every site with its code, kind, region and state, from the admin home', async () => {
    const api = stubApi({ 'GET /api/v1/sites': { status: 200, body: SERVER_SITES } })
    const { user: ui, db } = await renderApp({ role: 'admin' })
    await ui.click(await screen.findByRole('link', { name: 'Sites' }))
    const list = await screen.findByRole('list', { name: 'Sites' })
    const row = (name: string) => within(list).getByRole('heading', { name }).closest('li') as HTMLElement
    expect(row('Agadez transit centre')).toHaveTextContent('AGZ-TC · Transit centre · Agadez')
    expect(row('Agadez transit centre')).toHaveTextContent('Active')
    expect(row('Dan Barto flow monitoring point')).toHaveTextContent('DBT-FMP · Flow monitoring point · Zinder')
    expect(row('Dan Barto flow monitoring point')).toHaveTextContent('Deactivated')
    // active sites first
    expect(within(list).getAllByRole('heading').at(-1)).toHaveTextContent('Dan Barto')
    expect(api.calls[0]?.authorization).toBe('Bearer token-1')
    // the phone's own site list follows the server's
    await waitFor(async () => expect((await listSites(db)).map((s) => s.code)).toContain('DBT-FMP'))
  })

  it('shows no Sites tile or screen to a supervisor', async () => {
    await renderApp({ role: 'supervisor', path: '/' })
    expect(await screen.findByRole('link', { name: 'Devices' })).toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Sites' })).not.toBeInTheDocument()
    await renderApp({ role: 'supervisor', path: '/admin/sites' })
    expect(await screen.findByRole('heading', { name: 'This page does not exist.' })).toBeInTheDocument()
  })

  it('creates a site: field errors inline and in the summary, the taken code on its field, nothing typed lost', async () => {
    let created: unknown
    const api = stubApi({
      'GET /api/v1/sites': { status: 200, body: SERVER_SITES },
      'POST /api/v1/sites': (body) => {
        const site = body as Site
        if (site.code === 'AGZ-TC') return { status: 409, body: { error: 'already_exists', message: 'taken' } }
        created = body
        return { status: 201, body: { ...site, active: true } }
      },
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/sites/new' })
    await ui.click(await screen.findByRole('button', { name: 'Create the site' }))
    const summary = screen.getByRole('alert', { name: /Check these fields/ })
    expect(summary).toHaveFocus()
    expect(within(summary).getByRole('link', { name: 'Code: Required.' })).toBeInTheDocument()
    expect(within(summary).getByRole('link', { name: 'Name: Required.' })).toBeInTheDocument()
    expect(within(summary).getByRole('link', { name: 'Kind: Required.' })).toBeInTheDocument()
    expect(within(summary).getByRole('link', { name: 'Region: Required.' })).toBeInTheDocument()

    await ui.type(screen.getByLabelText('Code'), 'ing fmp')
    await ui.type(screen.getByLabelText('Name'), 'Ingall flow monitoring point')
    await ui.selectOptions(screen.getByLabelText('Kind'), 'Flow monitoring point')
    await ui.selectOptions(screen.getByLabelText('Region'), 'Agadez')
    await ui.type(screen.getByLabelText('Latitude'), '48,85')
    await ui.click(screen.getByRole('button', { name: 'Create the site' }))
    const code = screen.getByLabelText('Code')
    expect(code).toHaveAttribute('aria-invalid', 'true')
    expect(code).toHaveAccessibleDescription(
      expect.stringContaining('2 to 20 capital letters, digits or hyphens (e.g.'),
    )
    // a latitude alone: the missing longitude says so
    expect(screen.getByLabelText('Longitude')).toHaveAccessibleDescription(
      expect.stringContaining('Give both latitude and longitude, or neither.'),
    )
    await ui.type(screen.getByLabelText('Longitude'), '2.35')
    expect(screen.getByLabelText('Longitude')).not.toHaveAttribute('aria-invalid')
    expect(screen.getByLabelText('Latitude')).toHaveAccessibleDescription(
      expect.stringContaining('Not in Niger: a latitude between 11.5 and 23.6.'),
    )
    expect(api.writes()).toHaveLength(0)

    // a code the server already has
    await ui.clear(code)
    await ui.type(code, 'agz-tc')
    await ui.clear(screen.getByLabelText('Latitude'))
    await ui.type(screen.getByLabelText('Latitude'), '16,78')
    await ui.clear(screen.getByLabelText('Longitude'))
    await ui.type(screen.getByLabelText('Longitude'), '6.93')
    await ui.click(screen.getByRole('button', { name: 'Create the site' }))
    expect(await screen.findByText('A site already has this code.')).toBeInTheDocument()
    expect(screen.getByLabelText('Name')).toHaveValue('Ingall flow monitoring point')
    expect(screen.getByLabelText('Latitude')).toHaveValue('16,78')

    await ui.clear(code)
    await ui.type(code, 'ING-FMP')
    await ui.click(screen.getByRole('button', { name: 'Create the site' }))
    expect(await screen.findByText('Site created: Ingall flow monitoring point.')).toBeInTheDocument()
    expect(created).toEqual({
      code: 'ING-FMP',
      name: 'Ingall flow monitoring point',
      kind: 'fmp',
      adm1: 'Agadez',
      lat: 16.78,
      lon: 6.93,
      active: true,
    })
  })

  it('shows the server’s field errors on their fields', async () => {
    stubApi({
      'POST /api/v1/sites': {
        status: 400,
        body: {
          error: 'invalid_request',
          message: 'bad',
          issues: [
            { path: ['name'], code: 'too_big', message: 'Too big' },
            { path: ['lon'], code: 'outside_niger', message: 'Longitude in Niger lies between 0 and 16.1' },
          ],
        },
      },
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/sites/new' })
    await ui.type(await screen.findByLabelText('Code'), 'ING-FMP')
    await ui.type(screen.getByLabelText('Name'), 'Ingall')
    await ui.selectOptions(screen.getByLabelText('Kind'), 'Flow monitoring point')
    await ui.selectOptions(screen.getByLabelText('Region'), 'Agadez')
    await ui.type(screen.getByLabelText('Latitude'), '16.5')
    await ui.type(screen.getByLabelText('Longitude'), '7')
    await ui.click(screen.getByRole('button', { name: 'Create the site' }))
    expect(await screen.findByRole('link', { name: 'Name: Too long.' })).toBeInTheDocument()
    expect(screen.getByLabelText('Name')).toHaveAccessibleDescription(expect.stringContaining('Too long.'))
    expect(screen.getByLabelText('Longitude')).toHaveAccessibleDescription(
      expect.stringContaining('Not in Niger: a longitude between 0 and 16.1.'),
    )
    // fixing a field clears the server's word on it; the other stays until the next submit
    await ui.type(screen.getByLabelText('Name'), ' FMP')
    expect(screen.getByLabelText('Name')).not.toHaveAttribute('aria-invalid')
    expect(screen.getByLabelText('Longitude')).toHaveAttribute('aria-invalid', 'true')
  })

  it('edits a site: only what changed is sent, both coordinates together, the code fixed', async () => {
    const api = stubApi({
      'GET /api/v1/sites': { status: 200, body: SERVER_SITES },
      'PATCH /api/v1/sites/AGZ-TC': (body) => ({ status: 200, body: { ...agadez, ...(body as object) } }),
    })
    const { user: ui, db } = await renderApp({ role: 'admin', path: '/admin/sites' })
    await ui.click(await screen.findByRole('link', { name: 'Agadez transit centre' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'Agadez transit centre' })).toBeInTheDocument()
    expect(screen.queryByLabelText('Code')).not.toBeInTheDocument()
    expect(screen.getByText('AGZ-TC', { selector: 'strong' })).toBeInTheDocument()

    await ui.click(screen.getByRole('button', { name: 'Save changes' }))
    expect(await screen.findByText('Nothing to save: nothing was changed.')).toBeInTheDocument()

    const name = screen.getByLabelText('Name')
    await ui.clear(name)
    await ui.type(name, "Centre de transit d'Agadez")
    await ui.clear(screen.getByLabelText('Latitude'))
    await ui.type(screen.getByLabelText('Latitude'), '16,9')
    await ui.click(screen.getByRole('button', { name: 'Save changes' }))
    expect(await screen.findByText('Changes saved.')).toBeInTheDocument()
    expect(api.writes()).toEqual([
      expect.objectContaining({
        method: 'PATCH',
        path: '/api/v1/sites/AGZ-TC',
        body: { name: "Centre de transit d'Agadez", lat: 16.9, lon: 7.99 },
      }),
    ])
    expect(screen.getByRole('heading', { level: 1, name: "Centre de transit d'Agadez" })).toBeInTheDocument()
    await waitFor(async () =>
      expect((await listSites(db)).find((s) => s.code === 'AGZ-TC')?.name).toBe("Centre de transit d'Agadez"),
    )
    // the next change is not saved: the notice goes
    await ui.type(screen.getByLabelText('Latitude'), '5')
    expect(screen.queryByText('Changes saved.')).not.toBeInTheDocument()
  })

  it('says at the kind why a site that keeps records cannot change kind', async () => {
    stubApi({
      'GET /api/v1/sites': { status: 200, body: SERVER_SITES },
      'PATCH /api/v1/sites/AGZ-TC': {
        status: 400,
        body: {
          error: 'invalid_request',
          message: 'kind: records are kept at AGZ-TC',
          issues: [{ path: ['kind'], code: 'site_kind_in_use', message: 'Records are kept at this site' }],
        },
      },
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/sites' })
    await ui.click(await screen.findByRole('link', { name: 'Agadez transit centre' }))
    await ui.selectOptions(await screen.findByLabelText('Kind'), 'Flow monitoring point')
    await ui.click(screen.getByRole('button', { name: 'Save changes' }))
    const said =
      'Records are already kept at this site, so its kind cannot change. Create a new site of the other kind.'
    expect(await screen.findByRole('link', { name: `Kind: ${said}` })).toBeInTheDocument()
    expect(screen.getByLabelText('Kind')).toHaveAccessibleDescription(expect.stringContaining(said))
    expect(screen.getByLabelText('Kind')).toHaveDisplayValue('Flow monitoring point') // nothing typed is lost
  })

  it('writes the code and the bounds as French writes them, and says what a name is', async () => {
    stubApi({ 'GET /api/v1/sites': { status: 200, body: SERVER_SITES } })
    await renderApp({ role: 'admin', path: '/admin/sites/AGZ-TC', lang: 'fr' })
    const code = await screen.findByText('AGZ-TC', { selector: 'strong' })
    expect(code.parentElement).toHaveTextContent(/^Code : AGZ-TC · le code ne change jamais$/)
    // the bounds with the decimal comma of the example, and what the name is
    expect(screen.getByLabelText('Latitude')).toHaveAccessibleDescription(/entre 11,5 et 23,6 \(par ex\. 16,97\)/)
    expect(screen.getByLabelText('Nom')).toHaveAccessibleDescription(/^Affiché tel quel, dans toutes les langues/)
  })

  it('deactivates a site after a confirmation, keeping its records, and reactivates it', async () => {
    const api = stubApi({
      'GET /api/v1/sites': { status: 200, body: SERVER_SITES },
      'PATCH /api/v1/sites/AGZ-TC': (body) => ({ status: 200, body: { ...agadez, ...(body as object) } }),
    })
    const { user: ui, db } = await renderApp({ role: 'admin', path: '/admin/sites/AGZ-TC' })
    await ui.click(await screen.findByRole('button', { name: 'Deactivate the site' }))
    const question = screen.getByRole('heading', { name: 'Deactivate Agadez transit centre?' })
    expect(question).toHaveFocus()
    expect(screen.getByText(/Every record of the site is kept/)).toBeInTheDocument()
    expect(api.writes()).toHaveLength(0)
    // Cancel: the keyboard's focus back on the button that asked, not at the page's start
    await ui.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(screen.getByRole('button', { name: 'Deactivate the site' })).toHaveFocus()
    expect(api.writes()).toHaveLength(0)
    await ui.click(screen.getByRole('button', { name: 'Deactivate the site' }))
    await ui.click(screen.getByRole('button', { name: 'Yes, deactivate' }))
    expect(await screen.findByText('Agadez transit centre is deactivated; its records are kept.')).toHaveFocus()
    expect(screen.getByText(/This site is deactivated: its records are kept/)).toBeInTheDocument()
    await waitFor(async () => expect((await listSites(db)).find((s) => s.code === 'AGZ-TC')?.active).toBe(false))

    await ui.click(screen.getByRole('button', { name: 'Reactivate the site' }))
    expect(await screen.findByText('Agadez transit centre is active again.')).toBeInTheDocument()
    expect(api.writes().map((w) => w.body)).toEqual([{ active: false }, { active: true }])
  })

  it('names, before deactivating a site, the active staff it is still given to', async () => {
    const staff = (id: string, name: string, over: Partial<User> = {}): User => ({
      id,
      username: id,
      name,
      role: 'registrar',
      sites: ['AGZ-TC'],
      active: true,
      createdAt: '2026-11-01T08:00:00.000Z',
      ...over,
    })
    stubApi({
      'GET /api/v1/sites': { status: 200, body: SERVER_SITES },
      'GET /api/v1/users': {
        status: 200,
        body: [
          staff('u-1', 'Zara Ibrahim'),
          staff('u-2', 'Aïcha Abdou'),
          staff('u-3', 'Moussa Ali', { active: false }),
          staff('u-4', 'Sani Maman', { sites: ['ARL-TC'] }),
          staff('u-5', 'Admin Niamey', { role: 'admin', sites: [] }),
        ],
      },
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/sites/AGZ-TC' })
    await ui.click(await screen.findByRole('button', { name: 'Deactivate the site' }))
    const panel = screen.getByRole('group', { name: 'Deactivate Agadez transit centre?' })
    expect(
      await within(panel).findByText(
        'Still given to: Aïcha Abdou, Zara Ibrahim. They keep the site but can no longer choose it for new work; change their sites under Users if they should work elsewhere.',
      ),
    ).toBeInTheDocument()
  })

  it('says once that a new site needs a connection, after a try offline too, and keeps the typing', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    stubApi({ 'GET /api/v1/sites': 'offline', 'POST /api/v1/sites': 'offline' })
    const { user: ui } = await renderApp({ role: 'admin', path: '/admin/sites/new' })
    expect(await screen.findByText(/Needs a connection: sites are managed on the server/)).toBeInTheDocument()
    await ui.type(screen.getByLabelText('Code'), 'ING-FMP')
    await ui.type(screen.getByLabelText('Name'), 'Ingall flow monitoring point')
    await ui.selectOptions(screen.getByLabelText('Kind'), 'Flow monitoring point')
    await ui.selectOptions(screen.getByLabelText('Region'), 'Agadez')
    await ui.click(screen.getByRole('button', { name: 'Create the site' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Needs a connection.')
    expect(screen.getAllByText(/Needs a connection/)).toHaveLength(1)
    expect(screen.getByLabelText('Code')).toHaveValue('ING-FMP')
  })

  it('says so when the server cannot be reached, and offers to try again', async () => {
    stubApi({ 'GET /api/v1/sites': 'offline' })
    await renderApp({ role: 'admin', path: '/admin/sites' })
    expect(await screen.findByText('Offline: this screen is read from the server.')).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument()
  })
})
