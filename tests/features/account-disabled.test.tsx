/**
 * An account an admin disabled (docs/api.md, Users): the app says so, at sync time and at
 * sign-in, never that the session ended or the password is wrong, and tells what is safe,
 * what waits on the phone, and whom to ask.
 */
import { screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { saveRecord } from '@/data/records'
import { updateSyncStatus } from '@/data/sync-status'
import { SignInError } from '@/session/session'
import { namedRegistration } from '../helpers/records'
import { renderApp } from './helpers/render-app'

describe('a disabled account', () => {
  it('is told at sign-in that an admin disabled it, not that the password is wrong', async () => {
    const signIn = vi.fn().mockRejectedValue(new SignInError('account_disabled'))
    const { user } = await renderApp({ session: null, signIn })
    await user.type(await screen.findByLabelText('Username'), 'amina')
    await user.type(screen.getByLabelText('Password'), 'right-password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))

    const problem = await screen.findByRole('alert')
    expect(problem).toHaveTextContent('An admin disabled this account: the password is right')
    expect(problem).toHaveTextContent('Records already sent are safe on the server.')
    expect(problem).toHaveTextContent(
      'Records this account left on this phone stay here, encrypted, and are sent once the account is enabled again',
    )
    expect(problem).toHaveTextContent('Ask your supervisor or an admin.')
    expect(problem).not.toHaveTextContent(/wrong/i)
    expect(problem).toHaveFocus()
    expect(screen.getByLabelText('Password')).not.toHaveAttribute('aria-invalid')
  })

  it('says it in French too', async () => {
    const signIn = vi.fn().mockRejectedValue(new SignInError('account_disabled'))
    const { user } = await renderApp({ session: null, signIn, lang: 'fr' })
    await user.type(await screen.findByLabelText("Nom d'utilisateur"), 'amina')
    await user.type(screen.getByLabelText('Mot de passe'), 'right-password')
    await user.click(screen.getByRole('button', { name: 'Se connecter' }))
    const problem = await screen.findByRole('alert')
    expect(problem).toHaveTextContent('Un administrateur a désactivé ce compte : le mot de passe est bon')
    expect(problem).not.toHaveTextContent(/incorrect/)
  })

  it('is told at sync time what is safe, what waits on the phone and whom to ask, without a sign-in', async () => {
    const { user } = await renderApp({
      seed: async (db) => {
        await saveRecord(db, 'registration', namedRegistration())
        // what the engine writes when the server answers 401 account_disabled (sync-run.ts)
        await updateSyncStatus(db, {
          accountDisabled: true,
          online: true,
          lastError: { code: 'account_disabled', message: 'This account was disabled', at: new Date().toISOString() },
        })
      },
    })
    const notice = (await screen.findByText(/An admin disabled your account/)).closest('.banner')!
    expect(notice).toHaveTextContent('Records already sent are safe on the server.')
    expect(notice).toHaveTextContent(
      '1 record is still on this phone: it stays here, encrypted, and is sent as soon as your account is enabled again.',
    )
    expect(notice).toHaveTextContent('Ask your supervisor or an admin.')
    // signing in again cannot help: not asked for, and the session is not said to have ended
    expect(screen.queryByRole('button', { name: 'Sign in again' })).not.toBeInTheDocument()
    expect(screen.queryByText(/Your session has ended/)).not.toBeInTheDocument()

    // the sync panel's last problem says the same, in plain words
    await user.click(screen.getByRole('button', { name: /1 waiting/ }))
    expect(
      screen.getByText(/Records on this phone stay here and are sent once it is enabled again/),
    ).toBeInTheDocument()
  })
})
