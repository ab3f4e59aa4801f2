/**
 * The supervisor's console (issue 9), in Debian's Chromium against the real server: one
 * registrar's two phones of Agadez's centre sync, and Devices tells them apart by name
 * with the records still waiting on each, also after a link that dropped mid-sync; both
 * phones edit one case offline, the second gets a conflict, the supervisor resolves it
 * field by field in Problems and both phones pull the choice; a transfer to a centre an
 * admin closed meanwhile is refused, listed in Problems, fixed on the phone from Needs
 * attention and accepted; and the supervisor downloads a CSV export with its HXL row.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { hasChromium } from './support/chromium'
import { openProfile, waitForServiceWorkerControl, type Profile } from './support/browser'
import { startServer, type RunningServer } from './support/server'
import { pullEverything, signInOverApi } from './support/api'
import { registerPerson, signIn, type PersonInput } from './support/forms'
import { parseCsv } from '@/server/seed/csv'

const chip = (page: Page) => page.getByRole('button', { name: /Hors ligne|En ligne/ })
/** The number of records the phone's chip says wait on it. */
const waitingOn = async (page: Page) => Number(/(\d+) en attente/.exec((await chip(page).textContent()) ?? '')?.[1])

/** The sync panel, opened from the chip if it is closed (the chip toggles it). */
async function syncPanel(page: Page): Promise<Locator> {
  const panel = page.getByRole('region', { name: 'Synchronisation' })
  if (!(await panel.isVisible())) await chip(page).click()
  await panel.waitFor()
  return panel
}

/** Taps "Synchroniser" in the sync panel. */
async function syncNow(page: Page): Promise<void> {
  await (await syncPanel(page)).getByRole('button', { name: 'Synchroniser' }).click()
}

/** From any screen: home, Cases, a search, and the case it finds. */
async function openCase(page: Page, search: string): Promise<void> {
  await page.getByRole('link', { name: /Relais/ }).click()
  await page.getByRole('link', { name: 'Dossiers' }).first().click()
  await page.getByLabel('Rechercher').fill(search)
  await page
    .getByRole('link', { name: new RegExp(search) })
    .first()
    .click()
  await page.getByRole('list', { name: 'Historique' }).waitFor()
}

/** In the case form, from any step: on to the review, save, and back on the case's page. */
async function saveThroughReview(page: Page): Promise<void> {
  const save = page.getByRole('button', { name: 'Enregistrer', exact: true })
  const step = page.locator('#reg-step-title')
  for (let i = 0; i < 7 && !(await save.isVisible()); i++) {
    const before = await step.textContent()
    await page.getByRole('button', { name: 'Suivant' }).click()
    await expect.poll(() => step.textContent()).not.toBe(before)
  }
  await save.click()
  await page.getByRole('list', { name: 'Historique' }).waitFor()
}

/** On a case's page: edits its occupation (the identity section). */
async function editOccupation(page: Page, occupation: string): Promise<void> {
  await page.getByRole('link', { name: 'Modifier Identité' }).click()
  await page.getByLabel('Profession (facultatif)').fill(occupation)
  await saveThroughReview(page)
}

/** The Devices row of a phone, by the name it was given and its user's. */
const deviceRow = (page: Page, name: string): Locator =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) })

const AICHA = { username: `aicha-${randomUUID().slice(0, 6)}`, password: 'registrar-passphrase-1', name: 'Aïcha Abdou' }
const SANI = { username: `sani-${randomUUID().slice(0, 6)}`, password: 'supervisor-passphrase-1', name: 'Sani Maman' }
const PHONE_A = 'Tecno Aïcha'
const PHONE_B = 'Itel Aïcha'
const PEOPLE: Record<'p1' | 'p2' | 'p3', PersonInput> = {
  p1: { givenName: 'Mariama', familyName: 'Konaté', nationality: 'MLI' },
  p2: { givenName: 'Hadiza', familyName: 'Souley', nationality: 'NGA' },
  p3: { givenName: 'Fanta', familyName: 'Camara', nationality: 'GIN' },
}

describe.skipIf(!hasChromium)('the supervisor console in Chromium, with two phones of a centre', () => {
  let server: RunningServer
  let adminToken: string
  let phoneA: Profile
  let phoneB: Profile
  let office: Profile
  /** How phone B's link behaves: 'up'; 'down' (every API call fails); 'one' (one push goes, then down). */
  let linkB: 'up' | 'down' | 'one' = 'up'
  let cutPushes = 0

  beforeAll(async () => {
    server = await startServer()
    adminToken = await signInOverApi(server.url, server.admin.username, server.admin.password)
    for (const [user, role] of [
      [AICHA, 'registrar'],
      [SANI, 'supervisor'],
    ] as const) {
      const created = await fetch(`${server.url}/api/v1/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
        body: JSON.stringify({ ...user, role, sites: ['AGZ-TC'] }),
      })
      expect(created.status).toBe(201)
    }
    phoneA = await openProfile({ locale: 'fr-FR' })
    phoneB = await openProfile({ locale: 'fr-FR' })
    office = await openProfile({ locale: 'fr-FR' })
    for (const profile of [phoneA, phoneB, office]) profile.context.setDefaultTimeout(20_000)
    await phoneB.page.route('**/api/v1/**', async (route) => {
      const push = new URL(route.request().url()).pathname === '/api/v1/sync/push'
      if (linkB === 'up') return route.continue()
      if (linkB === 'one' && push) {
        linkB = 'down'
        return route.continue()
      }
      if (push) cutPushes++
      return route.abort('internetdisconnected')
    })
  })

  afterAll(async () => {
    await phoneA?.close()
    await phoneB?.close()
    await office?.close()
    await server?.stop()
  })

  it('shows each phone in Devices by its name, with what still waits on it after the last answer', async () => {
    // phone A: a case registered offline, sent when the link returns
    const a = phoneA.page
    await a.goto(server.url)
    await waitForServiceWorkerControl(a)
    await signIn(a, { ...AICHA, deviceName: PHONE_A })
    await expect.poll(() => chip(a).textContent(), { timeout: 20_000 }).toMatch(/Dernière synchro/)
    await phoneA.context.setOffline(true)
    await expect.poll(() => chip(a).textContent()).toMatch(/Hors ligne/)
    await registerPerson(a, PEOPLE.p1)
    await expect.poll(() => chip(a).textContent()).toMatch(/Hors ligne · 1 en attente/)
    await phoneA.context.setOffline(false)
    await expect.poll(() => chip(a).textContent(), { timeout: 30_000 }).toMatch(/En ligne · 0 en attente/)

    // phone B, same registrar: receives that case; then its link fails during the day
    const b = phoneB.page
    await b.goto(server.url)
    await waitForServiceWorkerControl(b)
    await signIn(b, { ...AICHA, deviceName: PHONE_B })
    await expect.poll(() => chip(b).textContent(), { timeout: 20_000 }).toMatch(/Dernière synchro/)
    await openCase(b, PEOPLE.p1.familyName)
    await b.getByRole('link', { name: /Relais/ }).click()
    linkB = 'down'
    await registerPerson(b, PEOPLE.p2)
    // a try while the link is down: the first case's batch left, no answer came back
    await syncNow(b)
    await expect.poll(() => cutPushes).toBeGreaterThan(0)
    await registerPerson(b, PEOPLE.p3)
    const beforeSync = await waitingOn(b)
    expect(beforeSync).toBe(2)
    // the link returns for one exchange only: that batch is answered, the next one is cut
    const cutBefore = cutPushes
    linkB = 'one'
    await syncNow(b)
    await expect.poll(() => cutPushes).toBeGreaterThan(cutBefore)
    await expect.poll(() => waitingOn(b)).toBeLessThan(beforeSync)
    // the answered batch held the first case only (a batch sent before goes again as it was)
    const stillWaiting = await waitingOn(b)
    expect(stillWaiting).toBe(1)

    // the supervisor's Devices: two phones of one user, told apart, each with its true count
    const o = office.page
    await o.goto(server.url)
    await waitForServiceWorkerControl(o)
    await signIn(o, SANI, 'Appareils')
    await o.getByRole('link', { name: 'Appareils' }).click()
    const rowA = deviceRow(o, `${PHONE_A} · ${AICHA.name}`)
    const rowB = deviceRow(o, `${PHONE_B} · ${AICHA.name}`)
    await expect.poll(() => rowA.textContent()).toMatch(/En attente sur le téléphone\s*0 saisie(?!s)/)
    expect(await rowB.textContent()).toMatch(/En attente sur le téléphone\s*1 saisie(?!s)/)

    // phone B's link comes back: it sends the rest, and Devices says so
    linkB = 'up'
    await syncNow(b)
    await expect.poll(() => chip(b).textContent(), { timeout: 30_000 }).toMatch(/En ligne · 0 en attente/)
    await o.getByRole('button', { name: 'Actualiser' }).click()
    await expect.poll(() => rowB.textContent()).toMatch(/En attente sur le téléphone\s*0 saisie(?!s)/)
  }, 240_000)

  it('resolves a conflict field by field in Problems, and both phones pull the choice', async () => {
    const [a, b, o] = [phoneA.page, phoneB.page, office.page]
    // both phones, offline, change the occupation of the same case
    await phoneA.context.setOffline(true)
    await phoneB.context.setOffline(true)
    await openCase(a, PEOPLE.p1.familyName)
    await editOccupation(a, 'Couturière')
    await openCase(b, PEOPLE.p1.familyName)
    await editOccupation(b, 'Commerçante')
    // A's change reaches the server first; B's meets it
    await phoneA.context.setOffline(false)
    await expect.poll(() => chip(a).textContent(), { timeout: 30_000 }).toMatch(/En ligne · 0 en attente/)
    await phoneB.context.setOffline(false)
    await expect.poll(() => chip(b).textContent(), { timeout: 30_000 }).toMatch(/0 en attente · ⚠ 1 à vérifier/)

    // the supervisor sees it in Problems and keeps the phone B's value
    await o.getByRole('link', { name: /Relais/ }).click()
    await o.getByRole('link', { name: 'Problèmes' }).click()
    const conflict = o.getByRole('article', { name: 'Conflit · Dossier' })
    const occupation = conflict.getByRole('group', { name: 'Profession' })
    await occupation.getByLabel(`Envoyé du téléphone d'${AICHA.name} : Commerçante`).waitFor()
    await occupation.getByLabel('Sur le serveur : Couturière').waitFor()
    await occupation.getByLabel(`Envoyé du téléphone d'${AICHA.name} : Commerçante`).check()
    await conflict.getByRole('button', { name: 'Garder ces valeurs' }).click()
    await o.getByText('Résolu : chaque téléphone reçoit la nouvelle version à sa prochaine synchronisation.').waitFor()

    // each phone pulls the version made of the choices; B has nothing left to look at
    for (const page of [a, b]) {
      await syncNow(page)
      await expect
        .poll(() => page.getByRole('region', { name: 'Identité' }).textContent(), { timeout: 30_000 })
        .toMatch(/Commerçante/)
    }
    await expect.poll(() => chip(b).textContent()).not.toMatch(/à vérifier/)
  }, 180_000)

  it('lists a refused transfer in Problems; the phone fixes it from Needs attention and it is accepted', async () => {
    const [a, o] = [phoneA.page, office.page]
    // offline, phone A moves the case to Arlit, which an admin closes meanwhile
    await phoneA.context.setOffline(true)
    const closed = await fetch(`${server.url}/api/v1/sites/ARL-TC`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ active: false }),
    })
    expect(closed.status).toBe(200)
    await openCase(a, PEOPLE.p1.familyName)
    await a.getByRole('button', { name: 'Transférer' }).click()
    await a.getByLabel('Déplacer vers le centre').selectOption('ARL-TC')
    await a.getByRole('button', { name: 'Continuer' }).click()
    await a.getByRole('button', { name: /^Transférer vers «\sCentre de transit d'Arlit\s»$/ }).click()
    await a.getByText(/Transfert vers «\sCentre de transit d'Arlit\s» enregistré sur ce téléphone/).waitFor()
    await phoneA.context.setOffline(false)
    // refused twice: the case's move, and the timeline entry that says it moved
    await expect.poll(() => chip(a).textContent(), { timeout: 30_000 }).toMatch(/0 en attente · ⚠ 2 à vérifier/)

    // the supervisor sees the refusal, its phone and its reason (its content stays on the phone)
    await o.getByRole('button', { name: 'Actualiser' }).click()
    const refused = o.getByRole('article', { name: 'Refusée · Dossier' })
    await refused.waitFor()
    expect(await refused.textContent()).toContain(`Téléphone : ${PHONE_A}`)
    expect(await refused.textContent()).toContain(
      'Un dossier ne peut être transféré que vers un centre de transit ouvert.',
    )

    // on the phone: the sync panel does not say all is well, and leads to the record
    const panel = await syncPanel(a)
    expect(await panel.textContent()).not.toMatch(/Aucun problème/)
    await panel.getByRole('link', { name: 'Voir ce qui est à vérifier' }).click()
    const refusals = a.getByRole('article').filter({ hasText: 'Refusée par le serveur.' })
    await expect.poll(() => refusals.count()).toBe(2)
    const entry = refusals.filter({ has: a.getByRole('link', { name: 'Corriger' }) })
    const event = refusals.filter({ hasText: "Entrée de l'historique" })
    // a timeline entry is never edited: it can only be abandoned
    expect(await event.getByRole('link', { name: 'Corriger' }).count()).toBe(0)
    expect(await entry.textContent()).toContain(
      'Un dossier ne peut être transféré que vers un centre de transit ouvert.',
    )
    expect(await entry.textContent()).not.toMatch(/active transit centre/)
    await event.getByRole('button', { name: 'Abandonner ma modification' }).click()
    await event.getByRole('button', { name: 'Abandonner', exact: true }).click()
    await expect.poll(() => refusals.count(), { timeout: 30_000 }).toBe(1)
    // the fix: the case stays at Agadez
    await entry.getByRole('link', { name: 'Corriger' }).click()
    await a.getByLabel('Centre de transit').selectOption('AGZ-TC')
    await saveThroughReview(a)
    await syncNow(a)
    await expect.poll(() => chip(a).textContent(), { timeout: 30_000 }).toMatch(/En ligne · 0 en attente/)
    await expect.poll(() => chip(a).textContent()).not.toMatch(/à vérifier/)

    // accepted: the refusal leaves Problems, and the server holds the case at Agadez
    await o.getByRole('button', { name: 'Actualiser' }).click()
    await o.getByText('Aucun problème sur vos sites.').waitFor()
    const changes = await pullEverything(server.url, adminToken)
    const p1 = changes.filter((c) => c.entity === 'registration' && c.data?.familyName === PEOPLE.p1.familyName)
    expect(p1).toHaveLength(1)
    expect(p1[0]?.data).toMatchObject({ siteCode: 'AGZ-TC', occupation: 'Commerçante' })
  }, 180_000)

  it('downloads a CSV export of the registrations, with its HXL row and no personal data', async () => {
    const o = office.page
    await o.getByRole('link', { name: /Relais/ }).click()
    await o.getByRole('link', { name: 'Exports' }).click()
    await o.getByLabel('Enregistrements', { exact: true }).check()
    await o.getByLabel('CSV', { exact: true }).check()
    const [download] = await Promise.all([
      o.waitForEvent('download'),
      o.getByRole('button', { name: 'Télécharger', exact: true }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/\.csv$/)
    const text = readFileSync(await download.path(), 'utf8')
    await o.getByText(/Enregistré : .+\.csv/).waitFor()
    const [header, hxl, ...rows] = parseCsv(text).filter((row) => row.some((cell) => cell !== ''))
    const column = (name: string) => header!.indexOf(name)
    // the month, never the day, and no vulnerability: rows that single no one out
    expect(column('registeredOn')).toBe(-1)
    expect(column('vulnerabilities')).toBe(-1)
    expect(column('nationality')).toBeGreaterThanOrEqual(0)
    expect(hxl![column('registeredMonth')]).toBe('#date+registered+month')
    expect(hxl![column('nationality')]).toBe('#country+code+nationality')
    expect(hxl!.every((tag) => tag === '' || tag.startsWith('#'))).toBe(true)
    expect(rows.map((row) => row[column('nationality')]).sort()).toEqual(['GIN', 'MLI', 'NGA'])
    for (const person of Object.values(PEOPLE)) expect(text).not.toContain(person.familyName)
    expect(text).not.toContain('Commerçante')
  }, 120_000)
})
