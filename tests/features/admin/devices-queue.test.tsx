import { screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderApp } from '../helpers/render-app'
import { device, stubApi } from './fake-api'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  localStorage.clear()
})

const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString()

/** The facts of one row, term → description. */
const facts = (li: HTMLElement) =>
  Object.fromEntries(
    within(li)
      .getAllByRole('term')
      .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]),
  )

const rowOf = (list: HTMLElement, name: string) =>
  within(list).getByRole('heading', { name }).closest('li') as HTMLElement

const recent = { lastPushAt: hoursAgo(1), lastPullAt: hoursAgo(1) }

/** A count as the phone reported it at its last push: "4 fiches, au 20 nov. 2026, 14:03". */
const reported = (value: string, asOf = 'au') =>
  expect.stringMatching(new RegExp(`^${value}, ${asOf} .+ \\d{2}:\\d{2}$`))
const amina = device({ ...recent, pending: 4, attention: 2, oldestUnsentAt: hoursAgo(3 * 24 + 5) })
const moussa = device({
  ...recent,
  deviceId: '01890000-0000-7000-8000-0000000000bb',
  user: { id: 'u-2', username: 'moussa', name: 'Moussa Ali', role: 'monitor' },
  pending: 0,
  attention: 0,
  oldestUnsentAt: null,
})
const issa = device({
  ...recent,
  deviceId: '01890000-0000-7000-8000-0000000000cc',
  user: { id: 'u-3', username: 'issa', name: 'Issa Harouna', role: 'registrar' },
  pending: 1,
  attention: 1,
  oldestUnsentAt: hoursAgo(5),
})

describe('devices: what else waits on each phone', () => {
  it('shows the records needing attention and how long the oldest record has waited, in French', async () => {
    stubApi({ 'GET /api/v1/devices': { status: 200, body: [amina, moussa, issa] } })
    await renderApp({ role: 'supervisor', sites: ['AGZ-TC'], path: '/devices', lang: 'fr' })
    const list = await screen.findByRole('list', { name: 'Appareils' })
    expect(facts(rowOf(list, 'Amina Issoufou'))).toMatchObject({
      'En attente sur le téléphone': reported('4 saisies'),
      'À vérifier sur le téléphone': reported('2 fiches'),
      // waited longer than the 48 h a silent phone is allowed: it stands out
      'Plus ancienne fiche en attente depuis': '⚠ 3 jours',
    })
    expect(facts(rowOf(list, 'Moussa Ali'))).toMatchObject({
      'En attente sur le téléphone': reported('0 saisie'),
      'À vérifier sur le téléphone': reported('Aucune'),
      'Plus ancienne fiche en attente depuis': 'Rien en attente',
    })
    expect(facts(rowOf(list, 'Issa Harouna'))).toMatchObject({
      'À vérifier sur le téléphone': reported('1 fiche'),
      'Plus ancienne fiche en attente depuis': '5 heures',
    })
  })

  it('marks a record waiting longer than the chosen silence limit, and says less than an hour', async () => {
    const fresh = device({ ...recent, pending: 2, attention: 0, oldestUnsentAt: hoursAgo(0.2) })
    const stuck = { ...issa, oldestUnsentAt: hoursAgo(30) }
    stubApi({ 'GET /api/v1/devices': { status: 200, body: [fresh, stuck] } })
    const { user: ui } = await renderApp({ role: 'admin', path: '/devices' })
    const list = await screen.findByRole('list', { name: 'Devices' })
    const oldest = (name: string) => facts(rowOf(list, name))['Oldest record waiting for']
    expect(oldest('Amina Issoufou')).toBe('Less than an hour')
    expect(facts(rowOf(list, 'Issa Harouna'))['Needs attention on the phone']).toEqual(reported('1 record', 'as of'))
    // 48 h by default: 30 h is no cause yet; with 24 h it stands out
    expect(oldest('Issa Harouna')).toBe('30 hours')
    await ui.selectOptions(screen.getByLabelText('Put first the phones silent for more than'), '24')
    expect(oldest('Issa Harouna')).toBe('⚠ 30 hours')
    expect(oldest('Amina Issoufou')).toBe('Less than an hour')
    // the phones themselves are not silent: both synced an hour ago
    expect(screen.queryByText(/has not synced for longer than that/)).not.toBeInTheDocument()
  })
})
