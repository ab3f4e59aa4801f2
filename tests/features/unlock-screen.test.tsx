import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { LockedSession, UnlockResult } from '@/session/session'
import { fakeSession, renderApp } from './helpers/render-app'

function lockedOf(attemptsLeft = 10): { locked: LockedSession; unlocked: ReturnType<typeof fakeSession> } {
  const unlocked = fakeSession('registrar', ['AGZ-TC'])
  return {
    unlocked,
    locked: { locked: true, user: unlocked.user, deviceId: unlocked.deviceId, pushToken: 'push', attemptsLeft },
  }
}

describe('unlock screen', () => {
  it('shows the locked user, and opens the app with the right passphrase', async () => {
    const { locked, unlocked } = lockedOf()
    const unlock = vi.fn(async (): Promise<UnlockResult> => ({ ok: true, session: unlocked }))
    const { user, engine } = await renderApp({ session: locked, unlock, lang: 'fr' })
    expect(await screen.findByRole('heading', { name: 'Déverrouiller' })).toBeInTheDocument()
    expect(screen.getByText(/Aïcha Moussa/)).toBeInTheDocument()
    await user.type(screen.getByLabelText('Mot de passe'), 'pass-phrase')
    await user.click(screen.getByRole('button', { name: 'Déverrouiller' }))
    expect(await screen.findByRole('link', { name: 'Enregistrer une personne' })).toBeInTheDocument()
    expect(unlock).toHaveBeenCalledWith(unlocked.user.id, 'pass-phrase')
    expect(engine.syncNow).toHaveBeenCalledWith('unlocked')
  })

  it('keeps the sync engine running while locked', async () => {
    const { locked } = lockedOf()
    const { services } = await renderApp({ session: locked })
    await screen.findByRole('heading', { name: 'Unlock' })
    // the engine starts in an effect, after the screen is drawn
    await waitFor(() => expect(services.startSync).toHaveBeenCalledTimes(1))
  })

  it('says how many attempts are left and what happens after the last', async () => {
    const { locked } = lockedOf(5)
    const unlock = vi
      .fn<() => Promise<UnlockResult>>()
      .mockResolvedValueOnce({ ok: false, reason: 'wrong_passphrase', attemptsLeft: 4 })
      .mockResolvedValueOnce({ ok: false, reason: 'wrong_passphrase', attemptsLeft: 3 })
    const { user } = await renderApp({ session: locked, unlock })
    const afterThat = "after that this phone's copy is erased (records already sent are safe)."
    expect(await screen.findByText(`5 tries left; ${afterThat}`)).toBeInTheDocument()
    await user.type(screen.getByLabelText('Password'), 'wrong')
    await user.click(screen.getByRole('button', { name: 'Unlock' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(`Wrong password. 4 tries left; ${afterThat}`)
    await user.type(screen.getByLabelText('Password'), 'wrong again')
    await user.click(screen.getByRole('button', { name: 'Unlock' }))
    expect(await screen.findByRole('alert')).toHaveTextContent(`Wrong password. 3 tries left; ${afterThat}`)
  })

  it('takes the password at once, and after a wrong one says how a new password from an admin is used', async () => {
    const { locked } = lockedOf()
    const unlock = vi.fn(async (): Promise<UnlockResult> => ({
      ok: false,
      reason: 'wrong_passphrase',
      attemptsLeft: 9,
    }))
    const { user } = await renderApp({ session: locked, unlock })
    await waitFor(() => expect(screen.getByLabelText('Password')).toHaveFocus())
    expect(screen.queryByRole('button', { name: 'Sign in with a new password' })).not.toBeInTheDocument()
    await user.keyboard('the-new-one{Enter}')
    expect(await screen.findByRole('alert')).toHaveTextContent(/Wrong password/)
    expect(await screen.findByText(/Did an admin give you a new password\? Only your old one unlocks/)).toBeVisible()
    await user.click(screen.getByRole('button', { name: 'Sign in with a new password' }))
    expect(await screen.findByLabelText('Username')).toBeInTheDocument()
  })

  it('warns, when it opens with 3 tries or fewer left, before anything is typed', async () => {
    const { locked } = lockedOf(2)
    await renderApp({ session: locked })
    expect(
      await screen.findByText(
        "Careful: only 2 tries left before this phone's copy is erased (records already sent are safe).",
      ),
    ).toBeInTheDocument()
  })

  it('tells the user when too many attempts erased the phone, and offers sign-in', async () => {
    const { locked } = lockedOf(1)
    const unlock = vi.fn(async (): Promise<UnlockResult> => ({ ok: false, reason: 'destroyed' }))
    const { user } = await renderApp({ session: locked, unlock })
    await user.type(await screen.findByLabelText('Password'), 'wrong')
    await user.click(screen.getByRole('button', { name: 'Unlock' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Too many attempts')
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument()
  })

  it('lets someone else sign in', async () => {
    const { locked } = lockedOf()
    const { user } = await renderApp({ session: locked })
    await user.click(await screen.findByRole('button', { name: 'Sign in as someone else' }))
    expect(await screen.findByLabelText('Username')).toHaveValue('')
  })

  it('locks on demand from the header', async () => {
    const { services, user } = await renderApp({ lang: 'fr' })
    await user.click(await screen.findByRole('button', { name: 'Verrouiller' }))
    expect(await screen.findByRole('heading', { name: 'Déverrouiller' })).toBeInTheDocument()
    expect(services.lock).toHaveBeenCalledTimes(1)
  })

  it('warns when the phone storage is more than 80 % full', async () => {
    await renderApp({ storage: { usage: 91, quota: 100 } })
    expect(await screen.findByText(/Phone storage is nearly full \(91 %\)/)).toBeInTheDocument()
  })

  it('says on the unlock screen that some records will be sent only after unlock', async () => {
    const { locked } = lockedOf()
    await renderApp({
      session: locked,
      seed: async (db) => {
        await db.outbox.add({
          mutationId: 'm-1',
          entity: 'registration',
          recordId: 'r-1',
          op: 'upsert',
          baseRev: 0,
          changedFields: [],
          at: new Date().toISOString(),
          status: 'queued',
        })
      },
    })
    expect(await screen.findByText('Locked: some records will be sent only after you unlock.')).toBeInTheDocument()
  })

  it('locks by itself after the idle time without input', async () => {
    const { services } = await renderApp({ idleLockMinutes: 0.005 }) // 300 ms
    await screen.findByRole('link', { name: 'Register a person' })
    expect(await screen.findByRole('heading', { name: 'Unlock' }, { timeout: 3000 })).toBeInTheDocument()
    expect(services.lock).toHaveBeenCalledTimes(1)
  })

  it('locks when another tab of the same user locks', async () => {
    const { services, session } = await renderApp({ lang: 'fr' })
    await screen.findByRole('link', { name: 'Enregistrer une personne' })
    // the tab listens from a passive effect, run with the one that starts the sync engine
    await waitFor(() => expect(services.startSync).toHaveBeenCalled())
    const otherTab = new BroadcastChannel('relais-lock')
    otherTab.postMessage(session && 'token' in session ? session.user.id : '')
    otherTab.close()
    expect(await screen.findByRole('heading', { name: 'Déverrouiller' })).toBeInTheDocument()
    expect(services.lock).toHaveBeenCalledTimes(1)
  })
})
