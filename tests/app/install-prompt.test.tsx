/**
 * The Install button appears only where the browser offers an install
 * (`beforeinstallprompt`), shows the browser's dialog when pressed, and is gone once
 * the app is installed or already runs installed.
 */
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { act } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { InstallButton, watchInstallPrompt } from '@/components/install-prompt'
import { setLanguage } from '@/i18n/i18n'

/** A `beforeinstallprompt` as Chromium fires it, answering `outcome`. */
function installOffer(outcome: 'accepted' | 'dismissed') {
  const event = new Event('beforeinstallprompt', { cancelable: true })
  const prompt = vi.fn(async () => undefined)
  Object.assign(event, { prompt, userChoice: Promise.resolve({ outcome }) })
  return { event, prompt }
}

function browserWindow(standalone = false) {
  const target = new EventTarget()
  const matchMedia = (query: string) =>
    ({ matches: standalone && query === '(display-mode: standalone)' }) as MediaQueryList
  return Object.assign(target, { matchMedia })
}

describe('install prompt', () => {
  it('is hidden until the browser offers an install, then shows its dialog and hides once installed', async () => {
    await setLanguage('fr')
    const win = browserWindow()
    const controller = watchInstallPrompt(win)
    render(<InstallButton controller={controller} />)
    expect(screen.queryByRole('button', { name: 'Installer Relais sur ce téléphone' })).not.toBeInTheDocument()

    const { event, prompt } = installOffer('accepted')
    act(() => void win.dispatchEvent(event))
    expect(event.defaultPrevented).toBe(true) // no browser infobar over a form
    await userEvent.click(await screen.findByRole('button', { name: 'Installer Relais sur ce téléphone' }))
    expect(prompt).toHaveBeenCalledOnce()
    expect(screen.queryByRole('button', { name: /Installer/ })).not.toBeInTheDocument()

    act(() => void win.dispatchEvent(new Event('appinstalled')))
    expect(screen.queryByRole('button', { name: /Installer/ })).not.toBeInTheDocument()
  })

  it('comes back when the browser offers again after a dismissal, and leaves on appinstalled', async () => {
    await setLanguage('en')
    const win = browserWindow()
    const controller = watchInstallPrompt(win)
    render(<InstallButton controller={controller} />)
    act(() => void win.dispatchEvent(installOffer('dismissed').event))
    await userEvent.click(await screen.findByRole('button', { name: 'Install Relais on this phone' }))
    expect(screen.queryByRole('button', { name: /Install/ })).not.toBeInTheDocument()
    await expect(controller.install()).resolves.toBe('unavailable')

    act(() => void win.dispatchEvent(installOffer('accepted').event))
    expect(await screen.findByRole('button', { name: 'Install Relais on this phone' })).toBeInTheDocument()
    act(() => void win.dispatchEvent(new Event('appinstalled')))
    expect(screen.queryByRole('button', { name: /Install/ })).not.toBeInTheDocument()
  })

  it('never shows in the installed app', async () => {
    await setLanguage('en')
    const win = browserWindow(true)
    const controller = watchInstallPrompt(win)
    render(<InstallButton controller={controller} />)
    const { event } = installOffer('accepted')
    act(() => void win.dispatchEvent(event))
    expect(event.defaultPrevented).toBe(false)
    expect(screen.queryByRole('button', { name: /Install/ })).not.toBeInTheDocument()
  })
})
