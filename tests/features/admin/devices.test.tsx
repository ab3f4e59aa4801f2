import { screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { renderApp } from '../helpers/render-app'
import { device, stubApi } from './fake-api'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const stolen = device({
  deviceId: '01890000-0000-7000-8000-0000000000bb',
  user: { id: 'u-2', username: 'moussa', name: 'Moussa Ali', role: 'monitor' },
  lastPushAt: null,
  lastPullAt: null,
  pending: null,
  lastError: null,
  lastErrorAt: null,
  appVersion: null,
  revoked: { mode: 'block', at: '2026-11-21T07:15:00.000Z' },
})

describe('devices (supervisor, admin)', () => {
  it('lists each device: user, last contact in Niger time, waiting records, last problem, version, state', async () => {
    // Amina's two phones: the one she named at sign-in says so
    const named = device({ deviceId: '01890000-0000-7000-8000-0000000000cc', deviceName: 'Tecno Amina' })
    stubApi({ 'GET /api/v1/devices': { status: 200, body: [device(), named, stolen] } })
    const { user: ui } = await renderApp({ role: 'supervisor', sites: ['AGZ-TC'] })
    await ui.click(await screen.findByRole('link', { name: 'Devices' }))
    const list = await screen.findByRole('list', { name: 'Devices' })
    expect(within(list).getByRole('heading', { name: 'Tecno Amina · Amina Issoufou' })).toBeInTheDocument()
    const amina = within(list).getByRole('heading', { name: 'Amina Issoufou' }).closest('li') as HTMLElement
    // 13:03 UTC is 14:03 in Niamey, whatever the test machine's zone
    const facts = (li: HTMLElement) =>
      Object.fromEntries(
        within(li)
          .getAllByRole('term')
          .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]),
      )
    expect(facts(amina)).toEqual({
      User: 'amina · Registrar',
      'Last contact': 'Nov 20, 2026, 14:03',
      // as the phone said at its last push (13:03 UTC), not now
      'Waiting on the phone': '7 changes, as of Nov 20, 2026, 14:03',
      // an app that does not report them yet
      'Needs attention on the phone': 'Not known',
      'Oldest record waiting for': 'Not known',
      'Last problem': '3 records refused by the server (Nov 19, 2026, 10:30)',
      'App version': '0.1.0',
      State: 'Active',
    })
    const moussa = within(list).getByRole('heading', { name: 'Moussa Ali' }).closest('li') as HTMLElement
    expect(facts(moussa)).toMatchObject({
      'Last contact': 'Never',
      'Waiting on the phone': 'Not known',
      State: '⊘ Revoked Nov 21, 2026, 08:15: blocked',
    })
    expect(within(moussa).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument()
  })

  it('dates what waits on a phone by the push that reported it, not by a later pull', async () => {
    // counts travel with pushes only: a pull at 15:30 UTC tells nothing of the queue
    const pulledSince = device({ attention: 0, lastPullAt: '2026-11-20T15:30:00.000Z' })
    stubApi({ 'GET /api/v1/devices': { status: 200, body: [pulledSince] } })
    await renderApp({ role: 'supervisor', path: '/devices', lang: 'fr' })
    const row = (await screen.findByRole('heading', { name: 'Amina Issoufou' })).closest('li') as HTMLElement
    const fact = (term: string) => within(row).getByText(term).nextElementSibling?.textContent
    expect(fact('Dernier contact')).toBe('20 nov. 2026, 16:30')
    expect(fact('En attente sur le téléphone')).toBe('7 saisies, au 20 nov. 2026, 14:03')
    expect(fact('À vérifier sur le téléphone')).toBe('Aucune, au 20 nov. 2026, 14:03')
  })

  it('offers a supervisor to revoke a registrar’s phone, not another supervisor’s or an admin’s', async () => {
    const boss = (id: string, role: 'supervisor' | 'admin', name: string) =>
      device({ deviceId: `01890000-0000-7000-8000-0000000000${id}`, user: { id: `u-${id}`, username: id, name, role } })
    stubApi({
      'GET /api/v1/devices': {
        status: 200,
        body: [device(), boss('d1', 'supervisor', 'Hadiza Moussa'), boss('d2', 'admin', 'Issa Garba')],
      },
    })
    await renderApp({ role: 'supervisor', sites: ['AGZ-TC'], path: '/devices' })
    const list = await screen.findByRole('list', { name: 'Devices' })
    const row = (name: string) => within(list).getByRole('heading', { name }).closest('li') as HTMLElement
    expect(within(row('Amina Issoufou')).getByRole('button', { name: 'Revoke this phone…' })).toBeInTheDocument()
    for (const name of ['Hadiza Moussa', 'Issa Garba']) {
      expect(within(row(name)).queryByRole('button', { name: /Revoke/ })).not.toBeInTheDocument()
      expect(within(row(name)).getByText("Only an admin can revoke a supervisor's or an admin's phone.")).toBeVisible()
    }
  })

  it('asks which way to revoke, confirms, then sends the chosen mode', async () => {
    const api = stubApi({
      'GET /api/v1/devices': { status: 200, body: [device()] },
      'POST /api/v1/devices/01890000-0000-7000-8000-0000000000aa/revoke': (body) => ({
        status: 200,
        body: { deviceId: device().deviceId, ...(body as object), revokedAt: '2026-11-29T16:00:00.000Z' },
      }),
    })
    const { user: ui } = await renderApp({ role: 'admin', path: '/devices' })
    await ui.click(await screen.findByRole('button', { name: 'Revoke this phone…' }))
    const how = screen.getByRole('group', { name: "How should Amina Issoufou's phone be revoked?" })
    const wipe = within(how).getByRole('radio', { name: /Erase after upload/ })
    expect(wipe).toBeChecked()
    expect(wipe).toHaveAccessibleDescription(expect.stringMatching(/^For a lost phone that may hold unsent work/))
    const block = within(how).getByRole('radio', { name: /Block now/ })
    expect(block).toHaveAccessibleDescription(expect.stringMatching(/^For a stolen phone/))
    await ui.click(block)
    await ui.click(screen.getByRole('button', { name: 'Continue' }))
    expect(screen.getByRole('heading', { name: "Block Amina Issoufou's phone now?" })).toHaveFocus()
    expect(api.writes()).toHaveLength(0)

    await ui.click(screen.getByRole('button', { name: 'Yes, revoke' }))
    expect(await screen.findByText(/Amina Issoufou's phone is blocked/)).toHaveFocus()
    expect(api.writes()).toEqual([
      expect.objectContaining({
        method: 'POST',
        path: '/api/v1/devices/01890000-0000-7000-8000-0000000000aa/revoke',
        body: { mode: 'block', userId: 'u-1' },
        authorization: 'Bearer token-1',
      }),
    ])
    expect(screen.getByText(/^Revoked Nov 29, 2026, 17:00: blocked$/)).toBeInTheDocument()
  })

  it('revokes one user of a shared phone: the other user of the same device id stays active', async () => {
    const shared = device().deviceId
    const moussa = device({ user: { id: 'u-2', username: 'moussa', name: 'Moussa Ali', role: 'registrar' } })
    const api = stubApi({
      'GET /api/v1/devices': { status: 200, body: [device(), moussa] },
      [`POST /api/v1/devices/${shared}/revoke`]: () => ({
        status: 200,
        body: { deviceId: shared, mode: 'wipe_after_upload', revokedAt: '2026-11-29T16:00:00.000Z', userIds: ['u-2'] },
      }),
    })
    const { user: ui } = await renderApp({ role: 'supervisor', sites: ['AGZ-TC'], path: '/devices' })
    const list = await screen.findByRole('list', { name: 'Devices' })
    const row = (name: string) => within(list).getByRole('heading', { name }).closest('li') as HTMLElement
    const state = (li: HTMLElement) => within(li).getByText('State').nextElementSibling?.textContent

    await ui.click(within(row('Moussa Ali')).getByRole('button', { name: 'Revoke this phone…' }))
    await ui.click(screen.getByRole('button', { name: 'Continue' }))
    await ui.click(screen.getByRole('button', { name: 'Yes, revoke' }))
    expect(await screen.findByText(/Moussa Ali's phone/)).toHaveFocus()
    expect(api.writes()).toEqual([
      expect.objectContaining({
        path: `/api/v1/devices/${shared}/revoke`,
        body: { mode: 'wipe_after_upload', userId: 'u-2' },
      }),
    ])
    expect(state(row('Moussa Ali'))).toMatch(/^⊘ Revoked/)
    expect(state(row('Amina Issoufou'))).toBe('Active')
    expect(within(row('Amina Issoufou')).getByRole('button', { name: 'Revoke this phone…' })).toBeInTheDocument()
  })

  it('names the phone revoked when it has a name: its user may have another, still active', async () => {
    const named = device({ deviceName: 'Tecno Amina' })
    const other = device({ deviceId: '01890000-0000-7000-8000-0000000000cc', deviceName: 'Itel Amina' })
    stubApi({
      'GET /api/v1/devices': { status: 200, body: [named, other] },
      [`POST /api/v1/devices/${named.deviceId}/revoke`]: (body) => ({
        status: 200,
        body: { deviceId: named.deviceId, ...(body as object), revokedAt: '2026-11-29T16:00:00.000Z' },
      }),
    })
    const { user: ui } = await renderApp({ role: 'supervisor', sites: ['AGZ-TC'], path: '/devices', lang: 'fr' })
    const list = await screen.findByRole('list', { name: 'Appareils' })
    const row = within(list).getByRole('heading', { name: 'Tecno Amina · Amina Issoufou' }).closest('li') as HTMLElement
    await ui.click(within(row).getByRole('button', { name: 'Révoquer ce téléphone…' }))
    await ui.click(within(row).getByRole('radio', { name: /Bloquer maintenant/ }))
    await ui.click(within(row).getByRole('button', { name: 'Continuer' }))
    await ui.click(within(row).getByRole('button', { name: 'Oui, révoquer' }))
    expect(
      await screen.findByText(
        "Le téléphone « Tecno Amina » d'Amina Issoufou est bloqué : il ne peut plus rien envoyer ni recevoir.",
      ),
    ).toHaveFocus()
  })

  it('sends nothing when the revocation is cancelled', async () => {
    const api = stubApi({ 'GET /api/v1/devices': { status: 200, body: [device()] } })
    const { user: ui } = await renderApp({ role: 'admin', path: '/devices' })
    await ui.click(await screen.findByRole('button', { name: 'Revoke this phone…' }))
    await ui.click(screen.getByRole('button', { name: 'Continue' }))
    expect(screen.getByRole('heading', { name: "Erase Amina Issoufou's phone after upload?" })).toBeInTheDocument()
    await ui.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(screen.getByRole('button', { name: 'Revoke this phone…' })).toBeInTheDocument()
    expect(api.writes()).toHaveLength(0)
  })

  it('says a connection is needed when the server cannot be reached, and tries again', async () => {
    const answers = vi
      .fn()
      .mockReturnValueOnce('offline')
      .mockReturnValueOnce({ status: 200, body: [device()] })
    stubApi({ 'GET /api/v1/devices': answers })
    const { user: ui } = await renderApp({ role: 'supervisor', path: '/devices', lang: 'fr' })
    expect(await screen.findByText('Hors ligne : cet écran se lit sur le serveur.')).toBeInTheDocument()
    await ui.click(screen.getByRole('button', { name: 'Réessayer' }))
    expect(await screen.findByRole('heading', { name: 'Amina Issoufou' })).toBeInTheDocument()
  })

  it('has no Devices screen for a registrar', async () => {
    stubApi({})
    await renderApp({ role: 'registrar', path: '/devices' })
    expect(await screen.findByText('This page does not exist.')).toBeInTheDocument()
  })

  it('puts phones silent longer than the chosen time first and says for how long', async () => {
    const hoursAgo = (hours: number) => new Date(Date.now() - hours * 3_600_000).toISOString()
    const recent = device({ lastPushAt: hoursAgo(2), lastPullAt: hoursAgo(2) })
    const quiet = device({
      deviceId: '01890000-0000-7000-8000-0000000000dd',
      user: { id: 'u-3', username: 'issa', name: 'Issa Harouna', role: 'registrar' },
      lastPushAt: hoursAgo(80),
      lastPullAt: hoursAgo(80),
    })
    const lately = device({
      deviceId: '01890000-0000-7000-8000-0000000000ee',
      user: { id: 'u-4', username: 'zara', name: 'Zara Mahamadou', role: 'monitor' },
      lastPushAt: hoursAgo(30),
      lastPullAt: null,
    })
    stubApi({ 'GET /api/v1/devices': { status: 200, body: [recent, lately, quiet, stolen] } })
    const { user: ui } = await renderApp({ role: 'supervisor', sites: ['AGZ-TC'], path: '/devices' })
    const list = await screen.findByRole('list', { name: 'Devices' })
    const names = () =>
      within(list)
        .getAllByRole('heading')
        .map((h) => h.textContent)
    // 48 h by default: Issa's phone (80 h) stands out and comes first; the revoked one never does
    expect(screen.getByText(/1 phone has not synced for longer than that/)).toBeInTheDocument()
    expect(names()[0]).toBe('Issa Harouna')
    expect(within(list).getByText('No sync for 3 days')).toBeInTheDocument()
    // a day instead: Zara's (30 h) too, after the longest silent
    await ui.selectOptions(screen.getByLabelText('Put first the phones silent for more than'), '24')
    expect(names().slice(0, 2)).toEqual(['Issa Harouna', 'Zara Mahamadou'])
    expect(within(list).getByText('No sync for 30 hours')).toBeInTheDocument()
    expect(localStorage.getItem('relais.devices.silentHours')).toBe('24')
  })
})
