/**
 * The foundation journey, in Debian's Chromium against the real server: sign in online,
 * lose the network, reload (the app shell comes from the service worker), register a
 * person and record a flow count offline, see them waiting, get the network back, see
 * them sent, and ask the server that it holds each exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { hasChromium } from './support/chromium'
import { openProfile, waitForServiceWorkerControl, type Profile } from './support/browser'
import { startServer, type RunningServer } from './support/server'
import { pullEverything, signInOverApi } from './support/api'
import { recordTally, registerPerson, unlock } from './support/forms'

const chip = (page: Page) => page.getByRole('button', { name: /Hors ligne|En ligne/ })

describe.skipIf(!hasChromium)('offline journey in Chromium', () => {
  let server: RunningServer
  let profile: Profile

  beforeAll(async () => {
    server = await startServer()
    profile = await openProfile()
  })

  afterAll(async () => {
    await profile?.close()
    await server?.stop()
  })

  it('saves offline, syncs by itself when the link returns, and the server holds each record once', async () => {
    const { page, context } = profile

    // first visit: the service worker installs and takes control of the page
    await page.goto(server.url)
    await expect.poll(() => page.getByRole('heading', { name: 'Connexion' }).isVisible()).toBe(true)
    await waitForServiceWorkerControl(page)
    // and the user is told, before leaving the link
    await page.getByText('Relais est prêt à fonctionner hors ligne.').waitFor()

    // before any sign-in, offline: the shell still opens and says the first sign-in needs a network
    await context.setOffline(true)
    const offlineShell = await page.reload()
    expect(offlineShell?.fromServiceWorker()).toBe(true)
    await page.getByText('La première connexion nécessite un réseau.').waitFor()

    await context.setOffline(false)
    await page.reload()
    await page.getByLabel("Nom d'utilisateur").fill(server.admin.username)
    await page.getByLabel('Mot de passe').fill(server.admin.password)
    await page.getByRole('button', { name: 'Se connecter' }).click()
    await page.getByRole('link', { name: 'Enregistrer une personne' }).waitFor()
    // the first sync after sign-in brings the sites down to the device
    await expect.poll(() => chip(page).textContent(), { timeout: 20_000 }).toMatch(/Dernière synchro/)

    // the network goes; a cold reload still opens the app, signed in but locked (the
    // keys live in the tab's memory only): it unlocks offline with the passphrase. The
    // unlock form is up before any of the app has loaded (a plain copy, in the words the
    // app left at sign-in), then the app's own form takes its place
    await page.addInitScript(() => {
      const seen = window as unknown as { plainUnlock?: string }
      new MutationObserver(() => {
        const title = document.getElementById('boot-unlock-title')
        if (title && document.getElementById('unlock-passphrase')) seen.plainUnlock ??= title.textContent ?? ''
      }).observe(document, { subtree: true, childList: true })
    })
    await context.setOffline(true)
    const coldStart = await page.reload()
    expect(coldStart?.fromServiceWorker()).toBe(true)
    await unlock(page, server.admin.password)
    expect(await page.evaluate(() => (window as unknown as { plainUnlock?: string }).plainUnlock)).toBe('Déverrouiller')
    await expect.poll(() => chip(page).textContent()).toMatch(/Hors ligne/)

    await registerPerson(page, { givenName: 'Aïchatou', familyName: 'Traoré' })
    await page.getByText('Enregistré sur ce téléphone').first().waitFor()

    await page.goto(`${server.url}/`).catch(() => undefined) // offline navigation: served by the service worker
    await unlock(page, server.admin.password)
    await page.getByRole('link', { name: 'Comptage' }).click()
    await recordTally(page)
    await page.getByText('Enregistré sur ce téléphone').first().waitFor()

    await expect.poll(() => chip(page).textContent()).toMatch(/Hors ligne · 2 en attente/)

    // the link comes back: the app syncs by itself, within seconds
    await context.setOffline(false)
    await expect.poll(() => chip(page).textContent(), { timeout: 30_000 }).toMatch(/En ligne · 0 en attente/)
    await page.getByText('Envoyé').first().waitFor()
    await page.getByRole('link', { name: /Relais/ }).click()
    await page.getByRole('link', { name: 'Dossiers' }).click()
    await page.getByText('Envoyé').first().waitFor()
    expect(await page.getByText('Enregistré sur ce téléphone').count()).toBe(0)

    // the server, asked from another device, holds each record exactly once, at its first rev
    const token = await signInOverApi(server.url, server.admin.username, server.admin.password)
    const changes = await pullEverything(server.url, token)
    const people = changes.filter((c) => c.entity === 'registration' && c.data?.givenName === 'Aïchatou')
    const tallies = changes.filter((c) => c.entity === 'flowCount' && c.data?.siteCode === 'SEG-FMP')
    expect(people).toHaveLength(1)
    expect(tallies).toHaveLength(1)
    expect(people[0]?.rev).toBe(1)
    expect(tallies[0]?.rev).toBe(1)
    expect(tallies[0]?.data).toMatchObject({
      men: 5,
      women: 2,
      total: 7,
      nationalities: [
        { country: 'NGA', count: 4 },
        { country: 'OOO', count: 3 },
      ],
    })
  })
})
