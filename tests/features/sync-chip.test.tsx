import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import type { RelaisDb } from '@/data/db'
import { saveRecord } from '@/data/records'
import { updateSyncStatus } from '@/data/sync-status'
import { newId } from '@/shared/ids'
import type { AnonymousRegistration } from '@/shared/schemas/registration'
import { updateApp } from '@/features/sync/update-app'
import { editCase } from '@/features/registration/save-case'
import { namedRegistration } from '../helpers/records'
import { renderApp } from './helpers/render-app'

vi.mock('@/features/sync/update-app', () => ({ updateApp: vi.fn(async () => undefined) }))

function setBrowserOnline(online: boolean) {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(online)
  window.dispatchEvent(new Event(online ? 'online' : 'offline'))
}

afterEach(() => vi.restoreAllMocks())

const anonymous = (): AnonymousRegistration => {
  const at = new Date().toISOString()
  return {
    id: newId(),
    createdAt: at,
    updatedAt: at,
    siteCode: 'AGZ-TC',
    registeredOn: at.slice(0, 10),
    entryChannel: 'walk_in',
    registeredBy: 'someone',
    consentDate: at.slice(0, 10),
    sex: 'male',
    nationality: 'NER',
    vulnerabilities: [],
    caseStatus: 'registered',
    consentProcessing: false,
    consentSharing: false,
    ageGroup: '18_59',
  }
}

describe('sync chip', () => {
  it('never says there is no problem while a record needs attention', async () => {
    const { user } = await renderApp({
      seed: async (db) => {
        const refused = await saveRecord(db, 'registration', anonymous())
        const disputed = await saveRecord(db, 'registration', anonymous())
        await db.registrations.update(refused.id, { state: 'rejected' })
        await db.registrations.update(disputed.id, { state: 'conflict' })
        await updateSyncStatus(db, { online: true, lastAttemptAt: new Date().toISOString(), lastError: null })
      },
    })
    await user.click(await screen.findByRole('button', { name: /2 need attention/ }))
    const panel = screen.getByRole('region', { name: 'Sync' })
    expect(panel).toHaveTextContent('2 records need attention: the server refused them or they were changed there too.')
    expect(panel).not.toHaveTextContent('No problem')
  })

  it('shows offline, the records waiting and that it never synced', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    await renderApp({
      seed: async (db) => {
        await saveRecord(db, 'registration', anonymous())
        await saveRecord(db, 'registration', anonymous())
      },
    })
    const chip = await screen.findByRole('button', { name: /Offline · 2 waiting · Never synced/ })
    expect(chip).toHaveAttribute('aria-expanded', 'false')
  })

  it('counts a case edited offline as one record waiting, its timeline event with it', async () => {
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false)
    const { user } = await renderApp({
      seed: async (db) => {
        // a case the server already has: only the edit waits
        const sent = await saveRecord(db, 'registration', namedRegistration())
        await db.outbox.clear()
        await db.registrations.update(sent.id, { state: 'sent', syncedRev: 1 })
        await editCase(db, sent.data, { ...sent.data, nationality: 'NER' }, 'user-1')
        // the edit and its timeline event: two changes for the server
        expect(await db.outbox.count()).toBe(2)
      },
    })
    await user.click(await screen.findByRole('button', { name: /Offline · 1 waiting · Never synced/ }))
    const panel = screen.getByRole('region', { name: 'Sync' })
    expect(within(panel).getByText('1 record waits to be sent.')).toBeInTheDocument()
  })

  it('shows online and the time of the last successful sync, and follows the browser going offline', async () => {
    // a sync of today shows its time, of another day its date: "today" in Niamey (UTC+1),
    // fixed, so that the test does not depend on the hour it runs at
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-02T16:00:00.000Z') })
    onTestFinished(() => void vi.useRealTimers())
    await renderApp({
      seed: async (db) => {
        await updateSyncStatus(db, {
          online: true,
          lastAttemptAt: '2026-03-02T13:03:00.000Z',
          lastSuccessAt: '2026-03-02T13:03:00.000Z',
        })
      },
    })
    await screen.findByRole('button', { name: /Online · 0 waiting · Last sync 14:03/ })
    setBrowserOnline(false)
    await screen.findByRole('button', { name: /Offline · 0 waiting/ })
  })

  it('opens the sync panel with the last problem in words, a progress bar and Sync now', async () => {
    const { user, engine } = await renderApp({
      seed: async (db) => {
        await saveRecord(db, 'registration', anonymous())
        await updateSyncStatus(db, {
          online: false,
          lastAttemptAt: new Date().toISOString(),
          lastError: { code: 'network', message: 'Failed to fetch', at: new Date().toISOString() },
        })
      },
    })
    await user.click(await screen.findByRole('button', { name: /1 waiting/ }))
    const panel = screen.getByRole('region', { name: 'Sync' })
    expect(within(panel).getByText(/No connection to the server\./)).toBeInTheDocument()
    expect(within(panel).getByText('1 record waits to be sent.')).toBeInTheDocument()
    await user.click(within(panel).getByRole('button', { name: 'Sync now' }))
    expect(engine.syncNow).toHaveBeenCalled()
  })

  it('shows a progress bar while syncing', async () => {
    const { user, db } = await renderApp()
    await updateSyncStatus(db, { running: true, progress: { sent: 3, total: 10 } })
    await user.click(await screen.findByRole('button', { name: /waiting/ }))
    expect(screen.getByRole('progressbar', { name: 'Sync progress' })).toHaveAttribute('value', '3')
    expect(screen.getByText('Sending 3 of 10')).toBeInTheDocument()
    // not `disabled`: a disabled button would drop the keyboard's focus to the page's start
    expect(screen.getByRole('button', { name: 'Sync now' })).toHaveAttribute('aria-disabled', 'true')
  })

  it('keeps the focus on Sync now while the sync it started runs, and starts no second sync meanwhile', async () => {
    const { user, db, engine } = await renderApp()
    await user.click(await screen.findByRole('button', { name: /waiting/ }))
    const syncNow = screen.getByRole('button', { name: 'Sync now' })
    await user.click(syncNow)
    expect(engine.syncNow).toHaveBeenCalledTimes(1)
    await updateSyncStatus(db, { running: true, progress: { sent: 0, total: 4 } })
    await screen.findByText('Sending 0 of 4')
    expect(syncNow).toHaveAttribute('aria-disabled', 'true')
    expect(syncNow).toBeEnabled()
    expect(syncNow).toHaveFocus()
    await user.click(syncNow)
    expect(engine.syncNow).toHaveBeenCalledTimes(1)
    await updateSyncStatus(db, { running: false, progress: null })
    await waitFor(() => expect(syncNow).not.toHaveAttribute('aria-disabled'))
    expect(syncNow).toHaveFocus()
  })

  it('gives the focus back to the sync chip when the panel is closed', async () => {
    const { user } = await renderApp()
    const chip = await screen.findByRole('button', { name: /waiting/ })
    await user.click(chip)
    await user.click(screen.getByRole('button', { name: 'Close' }))
    expect(screen.queryByRole('region', { name: 'Sync' })).not.toBeInTheDocument()
    expect(chip).toHaveFocus()
    expect(chip).toHaveAttribute('aria-expanded', 'false')
  })

  it('closes the panel on Escape, from within it or from the chip, and gives the focus back to the chip', async () => {
    const { user } = await renderApp()
    const chip = await screen.findByRole('button', { name: /waiting/ })
    await user.click(chip)
    screen.getByRole('button', { name: 'Sync now' }).focus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('region', { name: 'Sync' })).not.toBeInTheDocument()
    expect(chip).toHaveFocus()
    await user.keyboard('{Enter}')
    expect(screen.getByRole('region', { name: 'Sync' })).toBeInTheDocument()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('region', { name: 'Sync' })).not.toBeInTheDocument()
    expect(chip).toHaveAttribute('aria-expanded', 'false')
  })
})

describe('sync chip: a newer version is needed', () => {
  const refused = async (db: RelaisDb) => {
    await saveRecord(db, 'registration', anonymous())
    await updateSyncStatus(db, {
      online: true,
      lastAttemptAt: new Date().toISOString(),
      lastError: { code: 'app_update_required', message: 'Update Relais', at: new Date().toISOString() },
      updateRequired: { appVersion: '0.1.0', minAppVersion: '0.2.0' },
    })
  }

  it('says a newer Relais is needed, that the records are kept, and offers the update', async () => {
    const { user, engine } = await renderApp({ seed: refused })
    await user.click(await screen.findByRole('button', { name: /1 waiting · Update needed/ }))
    const panel = screen.getByRole('region', { name: 'Sync' })
    const notice = within(panel).getByRole('alert')
    expect(notice).toHaveTextContent('A newer version of Relais is needed to send and receive records.')
    expect(notice).toHaveTextContent('Your records stay saved on this phone: nothing is lost')
    expect(notice).toHaveTextContent('Version needed: 0.2.0 or newer.')
    expect(within(panel).queryByRole('button', { name: 'Sync now' })).toBeNull()
    await user.click(within(panel).getByRole('button', { name: 'Update Relais' }))
    expect(updateApp).toHaveBeenCalledTimes(1)
    expect(engine.syncNow).not.toHaveBeenCalledWith('manual')
  })

  it('says it in French, the app’s default language', async () => {
    const { user } = await renderApp({ seed: refused, lang: 'fr' })
    await user.click(await screen.findByRole('button', { name: /Mise à jour nécessaire/ }))
    const notice = screen.getByRole('alert')
    expect(notice).toHaveTextContent('Une version plus récente de Relais est nécessaire')
    expect(notice).toHaveTextContent('Vos fiches restent enregistrées sur ce téléphone')
    expect(screen.getByRole('button', { name: 'Mettre à jour Relais' })).toBeInTheDocument()
  })
})
