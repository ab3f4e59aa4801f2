/**
 * Accessibility in the screens (issue 11): the high-contrast theme chosen in Settings,
 * and where focus goes after a refused try, a save and a move to another screen, so that
 * nobody using a keyboard or a screen reader is left on a button that vanished.
 */
import { screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { applyContrast, CONTRAST_STORAGE_KEY, storedContrast } from '@/features/settings/contrast'
import { SignInError } from '@/session/session'
import { renderApp } from './helpers/render-app'
import { fillConsent, fillIdentity, renderRegistration, skipToReview } from './registration/registration-harness'
import { person, seedCase } from './case-file/case-seed'

afterEach(() => {
  localStorage.removeItem(CONTRAST_STORAGE_KEY)
  applyContrast('standard')
  vi.restoreAllMocks()
})

describe('high-contrast theme', () => {
  it('is switched on and off in Settings, applied at once and kept on the phone', async () => {
    const { user } = await renderApp({ path: '/settings', lang: 'fr' })
    const box = await screen.findByRole('checkbox', { name: 'Contraste élevé' })
    expect(box).not.toBeChecked()
    expect(box).toHaveAccessibleDescription(/Texte noir sur fond blanc/)
    expect(document.documentElement.dataset.contrast).toBeUndefined()

    await user.click(box)
    expect(box).toBeChecked()
    expect(document.documentElement.dataset.contrast).toBe('high')
    expect(localStorage.getItem(CONTRAST_STORAGE_KEY)).toBe('high')
    expect(storedContrast()).toBe('high')

    await user.click(box)
    expect(document.documentElement.dataset.contrast).toBeUndefined()
    expect(localStorage.getItem(CONTRAST_STORAGE_KEY)).toBeNull()
    expect(storedContrast()).toBe('standard')
  })

  it('shows the phone’s choice when Settings opens, in the interface language', async () => {
    localStorage.setItem(CONTRAST_STORAGE_KEY, 'high')
    await renderApp({ path: '/settings', lang: 'en' })
    expect(await screen.findByRole('heading', { name: 'Display', level: 2 })).toBeInTheDocument()
    expect(screen.getByRole('checkbox', { name: 'High contrast' })).toBeChecked()
  })

  it('reads anything but "high" as the standard theme', () => {
    localStorage.setItem(CONTRAST_STORAGE_KEY, 'maximum')
    expect(storedContrast()).toBe('standard')
    applyContrast(storedContrast())
    expect(document.documentElement.dataset.contrast).toBeUndefined()
  })
})

describe('focus after a refused sign-in', () => {
  it('goes to the empty field, marked invalid and described by the message', async () => {
    const signIn = vi.fn(async () => {
      throw new SignInError('invalid_credentials')
    })
    const { user } = await renderApp({ session: null, signIn })
    await user.click(await screen.findByRole('button', { name: 'Sign in' }))
    const username = screen.getByLabelText('Username')
    expect(username).toHaveFocus()
    expect(username).toHaveAttribute('aria-invalid', 'true')
    expect(username).toHaveAccessibleDescription('Enter your username and password.')
    expect(screen.getByRole('alert')).toHaveTextContent('Enter your username and password.')

    await user.type(username, 'amina')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(screen.getByLabelText('Password')).toHaveFocus()
    expect(screen.getByLabelText('Password')).toHaveAttribute('aria-invalid', 'true')
    expect(signIn).not.toHaveBeenCalled()
  })

  it('goes to the password after a wrong one, and to the message when the server cannot answer', async () => {
    let failure = new SignInError('invalid_credentials')
    const signIn = vi.fn(async () => {
      throw failure
    })
    const { user } = await renderApp({ session: null, signIn })
    await user.type(await screen.findByLabelText('Username'), 'amina')
    await user.type(screen.getByLabelText('Password'), 'wrong-password')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    const password = screen.getByLabelText('Password')
    await waitFor(() => expect(password).toHaveFocus())
    expect(password).toHaveAttribute('aria-invalid', 'true')
    expect(password).toHaveAccessibleDescription(/Wrong username or password/i)

    failure = new SignInError('offline')
    await user.click(screen.getByRole('button', { name: 'Sign in' }))
    await waitFor(() => expect(screen.getByRole('alert')).toHaveFocus())
    expect(screen.getByRole('alert')).toHaveTextContent('The first sign-in needs a connection.')
    expect(password).not.toHaveAttribute('aria-invalid')
  })
})

describe('focus after a save', () => {
  it('returns to the button that opened a case’s panel, with the save announced', async () => {
    const mamadou = person()
    const { user } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    const open = await screen.findByRole('button', { name: 'Record assistance' })
    await user.click(open)
    await user.selectOptions(screen.getByLabelText('Type of assistance'), 'food')
    await user.click(screen.getByRole('button', { name: 'Save assistance' }))
    const status = await screen.findByText('Assistance saved on this phone.')
    expect(status.closest('[role=status]')).toHaveAttribute('aria-live', 'polite')
    await waitFor(() => expect(screen.getByRole('button', { name: 'Record assistance' })).toHaveFocus())

    // Cancel too
    await user.click(screen.getByRole('button', { name: 'Refer' }))
    expect(screen.getByRole('heading', { name: 'Refer' })).toHaveFocus()
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(screen.getByRole('button', { name: 'Refer' })).toHaveFocus()
  })

  it('puts a saved registration’s heading in focus, not the page', async () => {
    const { user } = await renderRegistration()
    await fillConsent(user)
    await fillIdentity(user, { given: 'Awa', family: 'Koné', age: 30 })
    await skipToReview(user)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    const heading = await screen.findByRole('heading', { name: 'Case saved', level: 1 })
    await waitFor(() => expect(heading).toHaveFocus())
  })
})

describe('focus after a move to another screen', () => {
  it('goes to the new screen’s title', async () => {
    const { user } = await renderApp({ lang: 'en' })
    await user.click(await screen.findByRole('link', { name: 'Cases' }))
    const title = await screen.findByRole('heading', { level: 1, name: /Cases/ })
    await waitFor(() => expect(title).toHaveFocus())
    expect(title).toHaveAttribute('tabindex', '-1')
  })
})
