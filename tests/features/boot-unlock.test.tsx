/**
 * At a cold start of a locked phone, a plain unlock form is drawn before any of the app
 * has loaded (session/boot-unlock.ts), with the words the last unlock screen left; the
 * unlock screen takes over what it holds, and any other first screen removes it.
 */
import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import {
  BOOT_UNLOCK_KEY,
  peekBootUnlock,
  rememberBootUnlock,
  showBootUnlock,
  storedBootUnlock,
  type BootUnlockText,
} from '@/session/boot-unlock'
import type { UnlockResult } from '@/session/session'
import { fakeSession, later, lockedPhone, renderApp } from './helpers/render-app'

const WORDS: BootUnlockText = {
  lang: 'en',
  dir: 'ltr',
  appName: 'Relais',
  title: 'Unlock',
  lockedFor: 'Relais is locked. Account: Aïcha Moussa.',
  password: 'Password',
  unlock: 'Unlock',
  unlocking: 'Unlocking…',
}

/** The page as index.html leaves it: #root with the app's name in it. */
function bootPage(): HTMLElement {
  const root = document.createElement('div')
  root.id = 'root'
  root.innerHTML = '<p class="boot">Relais</p>'
  document.body.append(root)
  return root
}

const plainForm = () => document.getElementById('boot-unlock')

/** A cold start of a locked phone: the plain form drawn, then `typed` typed into it. */
async function coldStartTyping(typed: string) {
  bootPage()
  rememberBootUnlock(WORDS)
  showBootUnlock()
  const user = userEvent.setup()
  await user.type(screen.getByLabelText('Password'), typed)
  return user
}

beforeEach(() => localStorage.removeItem(BOOT_UNLOCK_KEY))
afterEach(() => {
  document.getElementById('root')?.remove()
  plainForm()?.remove()
})

describe('the plain unlock form of a cold start', () => {
  it('is drawn only on a phone that kept its words, in the language the app starts in, in place of the placeholder', () => {
    const root = bootPage()
    expect(showBootUnlock()).toBe(false)
    expect(plainForm()).toBeNull()

    rememberBootUnlock({ ...WORDS, lang: 'ar', dir: 'rtl', password: 'كلمة المرور' })
    // the app will start in French (the language was changed since): the words would not last
    expect(showBootUnlock({ language: 'fr' })).toBe(false)
    expect(plainForm()).toBeNull()
    expect(showBootUnlock({ language: 'ar' })).toBe(true)
    expect(root).toBeEmptyDOMElement()
    const form = within(plainForm() as HTMLElement)
    expect(form.getByRole('heading', { name: 'Unlock' })).toBeInTheDocument()
    expect(form.getByText('Relais is locked. Account: Aïcha Moussa.')).toBeInTheDocument()
    expect(form.getByLabelText('كلمة المرور')).toHaveAttribute('type', 'password')
    expect(document.documentElement).toHaveAttribute('dir', 'rtl')
    expect(document.documentElement).toHaveAttribute('lang', 'ar')
    document.documentElement.lang = 'en'
    document.documentElement.dir = 'ltr'
  })

  it('ignores words that are not whole or not text, and never reads them as markup', () => {
    bootPage()
    for (const broken of ['{', '[]', JSON.stringify({ ...WORDS, dir: 'up' }), JSON.stringify({ ...WORDS, title: 7 })]) {
      localStorage.setItem(BOOT_UNLOCK_KEY, broken)
      expect(storedBootUnlock()).toBeUndefined()
      expect(showBootUnlock()).toBe(false)
    }
    localStorage.setItem(BOOT_UNLOCK_KEY, JSON.stringify({ ...WORDS, title: 'x'.repeat(201) }))
    expect(showBootUnlock()).toBe(false)

    rememberBootUnlock({ ...WORDS, lockedFor: '<img src=x onerror="alert(1)">' })
    expect(showBootUnlock()).toBe(true)
    expect(plainForm()?.querySelector('img')).toBeNull()
    expect(screen.getByText('<img src=x onerror="alert(1)">')).toBeInTheDocument()
  })

  it('holds an Unlock tapped with a passphrase, and ignores one tapped with none', async () => {
    bootPage()
    rememberBootUnlock(WORDS)
    showBootUnlock()
    const user = userEvent.setup()
    const button = screen.getByRole('button', { name: 'Unlock' })
    await user.click(button)
    expect(peekBootUnlock()?.submitted).toBe(false)
    expect(button).toBeEnabled()

    await user.type(screen.getByLabelText('Password'), 'pass{Enter}')
    expect(peekBootUnlock()).toMatchObject({ passphrase: 'pass', submitted: true, focused: true })
    expect(screen.getByRole('button', { name: 'Unlocking…' })).toBeDisabled()
  })
})

describe('the unlock screen at a cold start', () => {
  it('keeps its words for the next cold start from the sign-in on, in the language shown', async () => {
    await renderApp({ session: fakeSession('registrar', ['AGZ-TC']) })
    await screen.findByRole('link', { name: 'Register a person' })
    await waitFor(() => expect(storedBootUnlock()).toEqual(WORDS))
  })

  it('takes over what the plain form holds (the passphrase, the caret) and removes it', async () => {
    const { locked } = lockedPhone()
    const user = await coldStartTyping('pas')

    const loaded = later()
    await renderApp({ session: locked, servicesLoaded: loaded.promise })
    expect(plainForm()).toBeNull()
    const field = screen.getByLabelText('Password')
    expect(field).toHaveValue('pas')
    expect(field).toHaveFocus()
    await user.keyboard('s')
    expect(field).toHaveValue('pass')
    await act(async () => loaded.release())
  })

  it('unlocks once with the passphrase of an Unlock tapped before the app had loaded', async () => {
    const { unlocked, locked } = lockedPhone()
    const unlock = vi.fn(async (): Promise<UnlockResult> => ({ ok: true, session: unlocked }))
    await coldStartTyping('pass{Enter}')

    const loaded = later()
    const { services } = await renderApp({ session: locked, unlock, servicesLoaded: loaded.promise })
    expect(plainForm()).toBeNull()
    expect(screen.getByRole('button', { name: 'Unlocking…' })).toHaveAttribute('aria-disabled', 'true')
    expect(unlock).not.toHaveBeenCalled()

    await act(async () => loaded.release())
    expect(await screen.findByRole('link', { name: 'Register a person' })).toBeInTheDocument()
    expect(unlock).toHaveBeenCalledTimes(1)
    expect(unlock).toHaveBeenCalledWith(unlocked.user.id, 'pass')
    expect(services.startSync).toHaveBeenCalledTimes(1)
  })

  it('gives way to the sign-in form when the phone holds no session any more, and forgets its words', async () => {
    bootPage()
    rememberBootUnlock(WORDS)
    showBootUnlock()
    await renderApp({ session: null, servicesLoaded: Promise.resolve() })
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument()
    expect(plainForm()).toBeNull()
    expect(storedBootUnlock()).toBeUndefined()
  })
})
