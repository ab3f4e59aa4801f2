/**
 * Courier sync (issue 11), in Debian's Chromium against the real server: a monitor at
 * Séguédine, offline for days, records a tally and saves it to a file for a courier; a
 * supervisor, signed in on another browser, carries that file to the server, which then
 * holds the tally once (a second upload doubles nothing); when the monitor's phone finds
 * a link, it syncs, nothing waits any more, and the server still holds the tally once.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { hasChromium } from './support/chromium'
import { openProfile, type Profile } from './support/browser'
import { startServer, type RunningServer } from './support/server'
import { pullEverything, signInOverApi } from './support/api'
import { recordTally, signIn } from './support/forms'

const chip = (page: Page) => page.getByRole('button', { name: /Hors ligne|En ligne/ })

describe.skipIf(!hasChromium)('courier sync in Chromium', () => {
  let server: RunningServer
  let phone: Profile
  let laptop: Profile
  let adminToken: string
  const monitor = {
    username: `moussa-${randomUUID().slice(0, 6)}`,
    password: 'monitor-passphrase-1',
    name: 'Moussa Issa',
  }
  const supervisor = {
    username: `mariama-${randomUUID().slice(0, 6)}`,
    password: 'supervisor-passphrase-1',
    name: 'Mariama Sani',
  }

  beforeAll(async () => {
    server = await startServer()
    adminToken = await signInOverApi(server.url, server.admin.username, server.admin.password)
    for (const [user, role, sites] of [
      [monitor, 'monitor', ['SEG-FMP']],
      [supervisor, 'supervisor', ['AGZ-TC']],
    ] as const) {
      const created = await fetch(`${server.url}/api/v1/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ ...user, role, sites }),
      })
      expect(created.status).toBe(201)
    }
    phone = await openProfile()
    laptop = await openProfile()
  })

  afterAll(async () => {
    await phone?.close()
    await laptop?.close()
    await server?.stop()
  })

  const talliesOnServer = async () =>
    (await pullEverything(server.url, adminToken)).filter(
      (c) => c.entity === 'flowCount' && c.data?.siteCode === 'SEG-FMP',
    )

  it(
    'a tally offline at Séguédine reaches the server in a file someone else carries, once',
    { timeout: 240_000 },
    async () => {
      const { page, context } = phone
      await page.goto(server.url)
      await signIn(page, monitor, 'Comptage')
      // the first sync brings the sites, and the server's key the file is sealed to
      await expect.poll(() => chip(page).textContent(), { timeout: 30_000 }).toMatch(/Dernière synchro/)
      await page.getByText('Relais est prêt à fonctionner hors ligne.').waitFor({ timeout: 60_000 })

      // no link at the post: a tally, then the file for a courier
      await context.setOffline(true)
      await page.getByRole('link', { name: 'Comptage' }).click()
      await recordTally(page, { men: 6, women: 3, nigerians: 5 })
      await expect.poll(() => chip(page).textContent()).toMatch(/Hors ligne · 1 en attente/)
      await chip(page).click()
      const downloaded = page.waitForEvent('download')
      await page.getByRole('button', { name: "Faire porter par quelqu'un" }).click()
      const download = await downloaded
      expect(download.suggestedFilename()).toMatch(/^relais-seg-fmp-\d{4}-\d{2}-\d{2}-\d{4}\.relais$/)
      await page.getByText('Fiches dans le fichier : 1.').waitFor()
      const path = await download.path()
      const text = readFileSync(path, 'utf8')
      // what the courier holds says nothing of the tally
      expect(text).not.toMatch(/SEG-FMP|"NGA"|"men"|"siteCode"/)
      // the tally still waits on the phone: nothing is lost if the file is
      expect(await chip(page).textContent()).toMatch(/1 en attente/)

      // a supervisor passing by carries the file to a laptop with a link
      await laptop.page.goto(server.url)
      await signIn(laptop.page, supervisor, "Déposer un fichier d'un téléphone")
      const carry = async () => {
        await laptop.page.getByRole('link', { name: "Déposer un fichier d'un téléphone" }).click()
        await laptop.page.getByLabel('Fichier à envoyer (.relais)').setInputFiles(path)
        await laptop.page.getByRole('button', { name: 'Envoyer au serveur' }).click()
        await laptop.page.getByText('Le serveur a reçu le fichier.').waitFor()
        const box = laptop.page.locator('.saved-notice')
        return box.textContent()
      }
      const first = await carry()
      expect(first).toContain('Acceptés : 1')
      expect(first).toContain('Refusés : 0')
      expect(first).toContain('Déjà reçus : 0')
      expect(first).not.toMatch(/SEG-FMP|Nigeria|Hommes/)

      const held = await talliesOnServer()
      expect(held).toHaveLength(1)
      expect(held[0]).toMatchObject({ rev: 1, data: { men: 6, women: 3, total: 9 } })

      // carried twice: received once
      await laptop.page.getByRole('link', { name: "Retour à l'accueil" }).click()
      const second = await carry()
      expect(second).toContain('Acceptés : 0')
      expect(second).toContain('Déjà reçus : 1')

      // the phone finds a link: it learns the outcome, nothing waits, nothing doubles
      await context.setOffline(false)
      await expect.poll(() => chip(page).textContent(), { timeout: 30_000 }).toMatch(/En ligne · 0 en attente/)
      await page.getByText('Envoyé').first().waitFor()
      const after = await talliesOnServer()
      expect(after).toHaveLength(1)
      expect(after[0]?.rev).toBe(1)
    },
  )
})
