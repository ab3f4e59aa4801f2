/**
 * Two tabs of the app in one Chromium profile, one user: both work offline, saving into
 * the same database; when the link returns exactly one tab syncs (Web Locks), the other
 * follows its progress through IndexedDB, and every record crosses the wire once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { hasChromium } from './support/chromium'
import { openProfile, waitForServiceWorkerControl, type Profile } from './support/browser'
import { startServer, type RunningServer } from './support/server'
import { pullEverything, signInOverApi } from './support/api'
import { recordTally, registerPerson, signIn, unlock, type PersonInput } from './support/forms'
import { sendsPerMutation, watchPushes } from './support/wire'

const chip = (page: Page) => page.getByRole('button', { name: /Hors ligne|En ligne/ })

/** Starts keeping every text the tab's sync chip and panel show, in order. */
async function recordSyncTexts(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: string[] = []
    Object.assign(window, { __syncTexts: seen })
    const note = () => {
      const text = document.querySelector('.sync')?.textContent ?? ''
      if (text && seen.at(-1) !== text) seen.push(text)
    }
    note()
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true })
  })
}

const syncTexts = (page: Page) => page.evaluate(() => (window as unknown as { __syncTexts: string[] }).__syncTexts)

/** The waiting counts a chip showed, in order, repeats folded. */
function waitingCounts(texts: readonly string[]): number[] {
  const counts = texts.map((t) => Number(/(\d+) en attente/.exec(t)?.[1] ?? NaN)).filter((n) => !Number.isNaN(n))
  return counts.filter((n, i) => counts[i - 1] !== n)
}

const PEOPLE: Record<'a' | 'b', PersonInput[]> = {
  a: [
    { givenName: 'Hadiza', familyName: 'Onglet-A1' },
    { givenName: 'Moussa', familyName: 'Onglet-A2', nationality: 'NGA' },
    { givenName: 'Fanta', familyName: 'Onglet-A3', nationality: 'GIN' },
  ],
  b: [
    { givenName: 'Rakia', familyName: 'Onglet-B1' },
    { givenName: 'Seydou', familyName: 'Onglet-B2', nationality: 'SEN' },
    { givenName: 'Awa', familyName: 'Onglet-B3', nationality: 'CIV' },
  ],
}
const TALLIES = { a: { men: 3, women: 1, nigerians: 2 }, b: { men: 1, women: 4, nigerians: 3 } }

describe.skipIf(!hasChromium)('two tabs of one profile in Chromium', () => {
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

  it('saves offline in both, syncs from one tab only, and sends each record exactly once', async () => {
    const { context } = profile
    const tabA = profile.page
    await tabA.goto(server.url)
    await waitForServiceWorkerControl(tabA)
    await signIn(tabA, server.admin)
    await expect.poll(() => chip(tabA).textContent(), { timeout: 20_000 }).toMatch(/Dernière synchro/)

    // the second tab restores the session from the device: no second sign-in, an
    // offline unlock (keys live in each tab's memory only)
    const tabB = await context.newPage()
    await tabB.goto(server.url)
    await unlock(tabB, server.admin.password)
    await tabB.getByRole('link', { name: 'Enregistrer une personne' }).waitFor()
    await expect.poll(() => chip(tabB).textContent(), { timeout: 20_000 }).toMatch(/Dernière synchro/)
    const pushes = watchPushes({ a: tabA, b: tabB })

    // both lose the link and keep working, turn by turn, into the same database
    await context.setOffline(true)
    await expect.poll(() => chip(tabA).textContent()).toMatch(/Hors ligne/)
    await expect.poll(() => chip(tabB).textContent()).toMatch(/Hors ligne/)
    const tabs = { a: tabA, b: tabB }
    for (let i = 0; i < 3; i++) {
      for (const name of ['a', 'b'] as const) {
        // the user switches tabs (a tab in the background gets its timers throttled)
        await tabs[name].bringToFront()
        await registerPerson(tabs[name], PEOPLE[name][i]!)
      }
    }
    for (const name of ['b', 'a'] as const) {
      await tabs[name].bringToFront()
      await tabs[name].getByRole('link', { name: /Relais/ }).click()
      await tabs[name].getByRole('link', { name: 'Comptage' }).click()
      await recordTally(tabs[name], TALLIES[name])
    }
    // each tab counts what both saved: the queue is one
    for (const tab of [tabA, tabB])
      await expect.poll(() => chip(tab).textContent()).toMatch(/Hors ligne · 8 en attente/)
    // (a run may try while offline: such a push fails in the browser and reaches no one)
    await expect.poll(() => pushes.every((p) => p.outcome === 'failed')).toBe(true)
    const triedOffline = pushes.length

    // the link returns to both at once: the tabs race for the lock, one wins and syncs
    for (const tab of [tabA, tabB]) {
      await chip(tab).click() // the sync panel: its progress bar shows while a run sends
      await recordSyncTexts(tab)
    }
    await context.setOffline(false)
    for (const tab of [tabA, tabB]) {
      await expect.poll(() => chip(tab).textContent(), { timeout: 30_000 }).toMatch(/En ligne · 0 en attente/)
    }

    const online = pushes.slice(triedOffline)
    await expect.poll(() => online.every((p) => p.outcome === 'answered')).toBe(true)
    const syncers = new Set(online.map((p) => p.from))
    expect(syncers.size).toBe(1)
    const follower = syncers.has('a') ? tabB : tabA
    // the tab that sent nothing watched the other's run on its own panel (the engine
    // writes its progress into IndexedDB) and the shared queue drain to zero on its chip
    const followed = await syncTexts(follower)
    expect(followed.some((text) => /Envoi \d+ sur 8|Synchronisation…/.test(text))).toBe(true)
    expect(waitingCounts(followed)).toEqual([8, 0])

    // on the wire: eight mutations, each sent once, compressed
    const sends = sendsPerMutation(online)
    expect(sends.size).toBe(8)
    expect([...sends.values()].every((n) => n === 1)).toBe(true)
    for (const push of online) if (push.bodyBytes > 1024) expect(push.gzip).toBe(true)
    const pushedRecords = new Set(online.flatMap((p) => (p.body.mutations ?? []).map((m) => m.recordId)))

    // both tabs list every record as sent (a screen tall enough for the Cases list, which
    // draws only the rows in view, to draw all six)
    for (const tab of [tabA, tabB]) {
      await tab.setViewportSize({ width: 390, height: 2400 })
      for (const list of ['cases', 'today'] as const) {
        await tab.goto(`${server.url}/${list}`)
        await unlock(tab, server.admin.password)
        const rows = tab.getByRole('listitem').filter({ has: tab.locator('.record-state') })
        await expect.poll(() => rows.filter({ hasText: 'Envoyé' }).count()).toBe(list === 'cases' ? 6 : 2)
        expect(await rows.count()).toBe(list === 'cases' ? 6 : 2)
      }
    }

    // the server, asked from another device, holds each record once, at its first rev
    const token = await signInOverApi(server.url, server.admin.username, server.admin.password)
    const changes = await pullEverything(server.url, token)
    const ours = changes.filter((c) => pushedRecords.has(c.recordId))
    expect(ours).toHaveLength(8)
    expect(ours.every((c) => c.rev === 1)).toBe(true)
    const families = ours.flatMap((c) => (c.entity === 'registration' ? [String(c.data?.familyName)] : []))
    expect(families.sort()).toEqual([...PEOPLE.a, ...PEOPLE.b].map((p) => p.familyName).sort())
    const totals = ours.flatMap((c) => (c.entity === 'flowCount' ? [Number(c.data?.total)] : []))
    expect(totals.sort()).toEqual([4, 5])
  })
})
