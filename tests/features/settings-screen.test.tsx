import { screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { validateSettings } from '@/features/settings/device-settings'
import { formatBytes } from '@/features/settings/format-bytes'
import { renderApp } from './helpers/render-app'

afterEach(() => {
  vi.useRealTimers()
})

describe('settings values', () => {
  it('accepts whole numbers within the bounds only', () => {
    expect(validateSettings({ idleLockMinutes: '5', retentionDays: '90' })).toEqual({
      ok: true,
      values: { idleLockMinutes: 5, retentionDays: 90 },
    })
    expect(validateSettings({ idleLockMinutes: '1', retentionDays: '365' }).ok).toBe(true)
    expect(validateSettings({ idleLockMinutes: '0', retentionDays: '6' })).toEqual({
      ok: false,
      errors: { idleLockMinutes: 'settings.idleLockRange', retentionDays: 'settings.retentionRange' },
    })
    expect(validateSettings({ idleLockMinutes: '2.5', retentionDays: '' })).toEqual({
      ok: false,
      errors: { idleLockMinutes: 'settings.idleLockRange', retentionDays: 'form.required' },
    })
    expect(validateSettings({ idleLockMinutes: '61', retentionDays: '366' }).ok).toBe(false)
    // the phone's digits, Arabic ones too; digits grouped are never guessed
    expect(validateSettings({ idleLockMinutes: '\u0661\u0665', retentionDays: '\u06f9\u06f0' })).toEqual({
      ok: true,
      values: { idleLockMinutes: 15, retentionDays: 90 },
    })
    expect(validateSettings({ idleLockMinutes: '1e1', retentionDays: '1.000' })).toEqual({
      ok: false,
      errors: { idleLockMinutes: 'settings.idleLockRange', retentionDays: 'form.digitsOnly|{"digits":"1000"}' },
    })
  })

  it('says sizes in decimal units, formatted for the language', () => {
    expect(formatBytes(2_100_000, 'fr')).toEqual({ value: '2,1', unit: 'MB' })
    expect(formatBytes(1_200_000_000, 'en')).toEqual({ value: '1.2', unit: 'GB' })
    expect(formatBytes(512, 'fr')).toEqual({ value: '512', unit: 'B' })
    expect(formatBytes(250_400, 'en')).toEqual({ value: '250', unit: 'kB' })
  })
})

describe('settings screen', () => {
  it('is reached from home, and shows the settings, storage use and persistence in French', async () => {
    const { user } = await renderApp({
      lang: 'fr',
      role: 'monitor',
      idleLockMinutes: 10,
      retentionDays: 30,
      storage: { usage: 2_100_000, quota: 1_200_000_000 },
      persisted: true,
    })
    await user.click(await screen.findByRole('link', { name: 'Réglages' }))
    expect(await screen.findByRole('heading', { name: 'Réglages de ce téléphone', level: 1 })).toBeInTheDocument()
    expect(await screen.findByLabelText("Verrouiller après … minutes d'inactivité")).toHaveValue('10')
    expect(
      screen.getByLabelText('Effacer du téléphone les dossiers terminés (clos ou partis) après … jours'),
    ).toHaveValue('30')
    expect(await screen.findByText('2,1 Mo utilisés sur 1,2 Go')).toBeInTheDocument()
    expect(screen.getByText(/Stockage persistant accordé/)).toBeInTheDocument()
  })

  it('is reached from the user menu in the header too', async () => {
    const { user } = await renderApp({ role: 'supervisor', sites: [] })
    const toggle = await screen.findByRole('button', { name: 'Aïcha Moussa' })
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
    await user.click(toggle)
    expect(screen.getByText('Signed in as Aïcha Moussa')).toBeInTheDocument()
    await user.click(within(screen.getByRole('banner')).getByRole('link', { name: 'Settings' }))
    expect(await screen.findByRole('heading', { name: 'Settings of this phone', level: 1 })).toBeInTheDocument()
    expect(toggle).toHaveAttribute('aria-expanded', 'false')
  })

  it('says when persistent storage was not granted', async () => {
    await renderApp({ path: '/settings', persisted: false })
    expect(await screen.findByText(/Persistent storage not granted/)).toBeInTheDocument()
    expect(screen.getByText('This browser does not say how much space is used.')).toBeInTheDocument()
  })

  it('refuses values out of bounds inline, keeping them, then saves valid ones', async () => {
    const { user, services, db } = await renderApp({ path: '/settings' })
    const idle = await screen.findByLabelText('Lock after … minutes without use')
    const retention = screen.getByLabelText('Erase ended cases (closed or departed) from this phone after … days')
    await user.clear(idle)
    await user.type(idle, '0')
    await user.clear(retention)
    await user.type(retention, '400')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))

    const summary = await screen.findByRole('alert')
    expect(
      within(summary).getByRole('link', { name: 'Lock after … minutes without use: A whole number from 1 to 60.' }),
    ).toBeInTheDocument()
    expect(retention).toHaveAttribute('aria-invalid', 'true')
    expect(retention).toHaveAccessibleDescription(/A whole number from 7 to 365\./)
    expect(idle).toHaveValue('0')
    expect(retention).toHaveValue('400')
    expect(services.saveIdleLockMinutes).not.toHaveBeenCalled()

    await user.clear(idle)
    await user.type(idle, '15')
    await user.clear(retention)
    await user.type(retention, '30')
    expect(retention).not.toHaveAttribute('aria-invalid')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    expect(await screen.findByText('Settings saved on this phone.')).toBeInTheDocument()
    expect(services.saveIdleLockMinutes).toHaveBeenCalledWith(15)
    expect(services.saveRetentionDays).toHaveBeenCalledWith(db, 30)
  })

  it('applies a new idle time at once', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout'] })
    const { user, services } = await renderApp({ path: '/settings', idleLockMinutes: 30 })
    const idle = await screen.findByLabelText('Lock after … minutes without use')
    await user.clear(idle)
    await user.type(idle, '1')
    await user.click(screen.getByRole('button', { name: 'Save settings' }))
    await screen.findByText('Settings saved on this phone.')
    await vi.advanceTimersByTimeAsync(61_000)
    expect(await screen.findByRole('heading', { name: 'Unlock' })).toBeInTheDocument()
    expect(services.lock).toHaveBeenCalledTimes(1)
  })
})
