/**
 * Signing out and erasing this user's data from the phone (a phone handed to someone
 * else): offered when nothing of the user's waits for the server, with what it takes
 * said first (unfinished forms included); when something waits, the menu says what,
 * offers no erase, and Sign out keeps it, locked. The check runs again at the erase.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { RelaisDb } from '@/data/db'
import { saveDraft } from '@/data/drafts'
import { saveRecord } from '@/data/records'
import { namedRegistration } from '../helpers/records'
import { renderApp } from '../features/helpers/render-app'

afterEach(() => vi.restoreAllMocks())

const NAME = 'Aïcha Moussa'

async function sentRegistration(db: RelaisDb) {
  const saved = await saveRecord(db, 'registration', namedRegistration())
  await db.outbox.where('recordId').equals(saved.id).delete()
  await db.registrations.update(saved.id, { state: 'sent' })
}

async function askToErase(user: Awaited<ReturnType<typeof renderApp>>['user']) {
  const toggle = await screen.findByRole('button', { name: NAME })
  await user.click(toggle)
  const panel = document.getElementById(toggle.getAttribute('aria-controls') ?? '')!
  await user.click(within(panel).getByRole('button', { name: 'Sign out and erase my data from this phone' }))
  return panel
}

describe('signing out and erasing this phone’s data', () => {
  it('says what it takes, then erases and says so, when everything was sent', async () => {
    const { user, db, services, session } = await renderApp({
      seed: async (db) => {
        await sentRegistration(db)
        await saveDraft(db, 'registration:new', { givenName: 'Mariam' })
      },
    })
    const panel = await askToErase(user)
    const question = await within(panel).findByRole('alert')
    expect(question).toHaveTextContent(/Erase your data from this phone\? What you recorded has reached the server/)
    expect(question).toHaveTextContent('1 unfinished form, never sent, will be lost.')
    // nothing is erased by asking
    expect(await db.registrations.count()).toBe(1)
    await user.click(within(panel).getByRole('button', { name: 'Erase and sign out' }))

    expect(await screen.findByLabelText('Username')).toBeInTheDocument()
    expect(await screen.findByText(/Your data was erased from this phone/)).toBeInTheDocument()
    expect(services.signOut).toHaveBeenCalled()
    expect(services.eraseIfNothingWaits).toHaveBeenCalledWith(session!.user.id)
    await waitFor(async () => expect(await db.registrations.count()).toBe(0))
    expect(await db.drafts.count()).toBe(0)
  })

  it('offers no erase while a record waits to be sent, says what waits, and Sign out keeps it', async () => {
    const { user, db, services } = await renderApp({
      seed: async (db) => {
        await sentRegistration(db)
        await saveRecord(db, 'registration', namedRegistration())
      },
    })
    const panel = await askToErase(user)
    const said = await within(panel).findByRole('alert')
    expect(said).toHaveTextContent(/cannot be erased yet.*1 record is not sent yet\./)
    expect(said).toHaveTextContent(/Signing out now keeps them on this phone, locked\./)
    expect(within(panel).queryByRole('button', { name: 'Erase and sign out' })).not.toBeInTheDocument()
    await user.click(within(panel).getByRole('button', { name: 'Sign out' }))

    expect(await screen.findByLabelText('Username')).toBeInTheDocument()
    expect(services.signOut).toHaveBeenCalled()
    expect(services.eraseIfNothingWaits).not.toHaveBeenCalled()
    expect(await db.registrations.count()).toBe(2)
    expect(await db.outbox.count()).toBe(1)
  })

  it('keeps everything, and says so, when something came to wait between the question and the erase', async () => {
    const { user, db } = await renderApp({ seed: sentRegistration })
    const panel = await askToErase(user)
    await within(panel).findByRole('button', { name: 'Erase and sign out' })
    // a save lands meanwhile (another tab, a form's last write)
    await saveRecord(db, 'registration', namedRegistration())
    await user.click(within(panel).getByRole('button', { name: 'Erase and sign out' }))

    expect(await screen.findByText(/Your data was not erased: something still waited to be sent/)).toBeInTheDocument()
    expect(await db.registrations.count()).toBe(2)
  })
})
