/**
 * The console's server screens when the link comes back: a screen whose last load failed
 * for lack of a connection says so in the same words everywhere, with Try again, and
 * loads again by itself at the browser's `online` event, or once a sync reached the
 * server (a dead link the browser calls online) — without moving the user's focus.
 */
import { act, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { updateSyncStatus } from '@/data/sync-status'
import type { Role } from '@/shared/schemas/auth'
import { device, stubApi, user, type Answer } from './admin/fake-api'
import { renderApp, SITES } from './helpers/render-app'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const OFFLINE = 'Offline: this screen is read from the server.'
const RELOADS = 'The screen loads again by itself as soon as the connection is back.'
const STATS = ['flows', 'flows/nationality', 'flows/transport', 'registrations', 'assistance', 'referrals/open', 'avrr']

/** A server behind a link the test cuts (the browser says offline) and restores: reads answer only while `link.up`. */
function serverBehindLink(routes: Record<string, Answer>, browserSays: 'offline' | 'online' = 'offline') {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(browserSays === 'online')
  const link = { up: false }
  const behind = (answer: Answer) => () => (link.up ? answer : 'offline')
  const api = stubApi(Object.fromEntries(Object.entries(routes).map(([route, answer]) => [route, behind(answer)])))
  return { link, api }
}

/** The browser says the link is back. */
function browserGoesOnline(): void {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(true)
  act(() => {
    window.dispatchEvent(new Event('online'))
  })
}

interface ConsoleScreen {
  name: string
  path: string
  role: Role
  routes: Record<string, Answer>
  /** What the screen shows once loaded. */
  loaded(): Promise<HTMLElement>
}

const SCREENS: ConsoleScreen[] = [
  {
    name: 'Devices',
    path: '/devices',
    role: 'supervisor',
    routes: { 'GET /api/v1/devices': { status: 200, body: [device()] } },
    loaded: () => screen.findByRole('heading', { name: 'Amina Issoufou' }),
  },
  {
    name: 'Users',
    path: '/admin/users',
    role: 'admin',
    routes: { 'GET /api/v1/users': { status: 200, body: [user()] } },
    loaded: () => screen.findByRole('link', { name: 'Amina Issoufou' }),
  },
  {
    name: 'Sites',
    path: '/admin/sites',
    role: 'admin',
    routes: { 'GET /api/v1/sites': { status: 200, body: SITES } },
    loaded: () => screen.findByRole('link', { name: 'Madama flow monitoring point' }),
  },
  {
    name: 'Numbers',
    path: '/numbers',
    role: 'supervisor',
    routes: Object.fromEntries(STATS.map((part) => [`GET /api/v1/stats/${part}`, { status: 200, body: { rows: [] } }])),
    loaded: () => screen.findByText(/^Figures as of /),
  },
  {
    name: 'Problems',
    path: '/problems',
    role: 'supervisor',
    routes: {
      'GET /api/v1/rejections': { status: 200, body: { records: [] } },
      'GET /api/v1/quarantine': { status: 200, body: { records: [] } },
      'GET /api/v1/conflicts': { status: 200, body: [] },
      'GET /api/v1/duplicates': { status: 200, body: { pairs: [], merges: [] } },
    },
    loaded: () => screen.findByText('No problem at your sites.'),
  },
]

describe('console screens when the link comes back', () => {
  it.each(SCREENS)('$name: says it is offline, then loads again by itself when the browser goes online', async (s) => {
    const { link } = serverBehindLink(s.routes)
    await renderApp({ role: s.role, sites: ['AGZ-TC', 'ARL-FMP'], path: s.path })
    const offline = await screen.findByText(OFFLINE)
    // politely: a status, not an alert, with the same words and a Try again on every screen
    expect(offline.closest('[role="status"]')).toHaveTextContent(RELOADS)
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument()

    link.up = true
    browserGoesOnline()
    expect(await s.loaded()).toBeInTheDocument()
    expect(screen.queryByText(OFFLINE)).not.toBeInTheDocument()
  })

  it('loads Problems’ possible duplicates again too', async () => {
    const { link } = serverBehindLink({
      'GET /api/v1/rejections': { status: 200, body: { records: [] } },
      'GET /api/v1/quarantine': { status: 200, body: { records: [] } },
      'GET /api/v1/conflicts': { status: 200, body: [] },
      'GET /api/v1/duplicates': { status: 200, body: { pairs: [], merges: [] } },
    })
    await renderApp({ role: 'supervisor', sites: ['AGZ-TC'], path: '/problems' })
    await screen.findByText('Listed as soon as the server can be reached.')
    link.up = true
    browserGoesOnline()
    expect(await screen.findByText('No possible duplicates at your sites.')).toBeInTheDocument()
  })

  it('loads again once a sync reached the server, when the browser said online all along', async () => {
    const { link } = serverBehindLink({ 'GET /api/v1/devices': { status: 200, body: [device()] } }, 'online')
    const { db } = await renderApp({ role: 'supervisor', path: '/devices' })
    await screen.findByText(OFFLINE)
    link.up = true
    await act(() => updateSyncStatus(db, { online: true, lastSuccessAt: new Date().toISOString() }))
    expect(await screen.findByRole('heading', { name: 'Amina Issoufou' })).toBeInTheDocument()
  })

  it('reads nothing again while the link stays down, and says it in French', async () => {
    const { api } = serverBehindLink({ 'GET /api/v1/devices': { status: 200, body: [device()] } })
    await renderApp({ role: 'supervisor', path: '/devices', lang: 'fr' })
    const offline = await screen.findByText('Hors ligne : cet écran se lit sur le serveur.')
    expect(offline.closest('[role="status"]')).toHaveTextContent(
      "L'écran se recharge tout seul dès le retour du réseau.",
    )
    expect(screen.getByRole('button', { name: 'Réessayer' })).toBeInTheDocument()
    expect(api.calls.filter((c) => c.path === '/api/v1/devices')).toHaveLength(1)
  })

  it('leaves focus where it is when the screen loads by itself', async () => {
    const { link } = serverBehindLink({ 'GET /api/v1/devices': { status: 200, body: [device()] } })
    const { user: ui } = await renderApp({ role: 'supervisor', path: '/devices' })
    await screen.findByText(OFFLINE)
    const silence = screen.getByLabelText('Put first the phones silent for more than')
    await ui.click(silence)
    expect(silence).toHaveFocus()
    link.up = true
    browserGoesOnline()
    await screen.findByRole('heading', { name: 'Amina Issoufou' })
    expect(silence).toHaveFocus()
  })

  it('gives focus to the screen’s title, not the page, when the focused Try again goes with the notice', async () => {
    const { link } = serverBehindLink({ 'GET /api/v1/devices': { status: 200, body: [device()] } })
    await renderApp({ role: 'supervisor', path: '/devices' })
    await screen.findByText(OFFLINE)
    screen.getByRole('button', { name: 'Try again' }).focus()
    link.up = true
    browserGoesOnline()
    await screen.findByRole('heading', { name: 'Amina Issoufou' })
    await waitFor(() => expect(screen.getByRole('heading', { level: 1, name: 'Devices' })).toHaveFocus())
  })
})
