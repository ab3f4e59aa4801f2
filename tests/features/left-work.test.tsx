/**
 * The sign-in screen after a sign-out that left records on the phone: whose, how many,
 * and when they go (session.ts, signOut; app/services.ts seals them at sign-out).
 */
import { screen } from '@testing-library/react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { saveRecord } from '@/data/records'
import { deviceDb } from '@/session/device-db'
import { configureSession, lock, signIn, signOut } from '@/session/session'
import { namedRegistration } from '../helpers/records'
import { fakeSession, renderApp } from './helpers/render-app'

const aicha = fakeSession('registrar', ['AGZ-TC'])
const fromServer = () =>
  vi.fn(
    async () =>
      new Response(JSON.stringify({ token: 'token-1', expiresAt: aicha.expiresAt, user: aicha.user }), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      }),
  )

beforeEach(async () => {
  configureSession({ vault: { unsafeTestIterations: 1000 } })
  lock()
  await Promise.all(deviceDb().tables.map((t) => t.clear()))
  // Aïcha signed in on this phone (the real session code, the server's answer stubbed)
  await signIn(aicha.user.username, 'her-password', { fetch: fromServer() })
})

describe('the sign-in screen after a sign-out with records not yet sent', () => {
  it('says how many records wait, whose they are, and that they go when that user signs in again here', async () => {
    const { user, services } = await renderApp({
      session: aicha,
      seed: (db) => saveRecord(db, 'registration', namedRegistration()).then(() => undefined),
    })
    // the services' sign-out with the real session code: it keeps what waits for the sign-in screen
    vi.mocked(services.signOut).mockImplementation(() => signOut({ records: 1, attention: 0 }))
    await user.click(await screen.findByRole('button', { name: 'Aïcha Moussa' }))
    await user.click(screen.getByRole('button', { name: 'Sign out' }))
    await user.click(await screen.findByRole('button', { name: 'Sign out anyway' }))

    expect(
      await screen.findByText(
        '1 record from Aïcha Moussa is still on this phone, waiting to be sent. ' +
          'It goes when Aïcha Moussa signs in again here, not with another account.',
        { exact: false },
      ),
    ).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument()
  })

  it('counts the records waiting for that user’s decision too', async () => {
    await signOut({ records: 3, attention: 2 })
    await renderApp({ session: null })
    const notice = await screen.findByText(/3 records from Aïcha Moussa are still on this phone/)
    expect(notice).toHaveTextContent(
      '2 records from Aïcha Moussa need attention: they wait for Aïcha Moussa to sign in again here.',
    )
  })

  it('says it in French, and says nothing when nothing was left', async () => {
    await signOut({ records: 1, attention: 0 })
    const first = await renderApp({ session: null, lang: 'fr' })
    expect(
      await screen.findByText(
        "1 fiche d'Aïcha Moussa est encore sur ce téléphone, en attente d'envoi. " +
          'Elle partira quand Aïcha Moussa se reconnectera ici, pas avec un autre compte.',
        { exact: false },
      ),
    ).toBeInTheDocument()
    first.unmount()

    await signIn(aicha.user.username, 'her-password', { fetch: fromServer() })
    await signOut({ records: 0, attention: 0 })
    await renderApp({ session: null })
    await screen.findByRole('heading', { name: 'Sign in' })
    expect(screen.queryByText(/still on this phone/)).not.toBeInTheDocument()
  })
})
