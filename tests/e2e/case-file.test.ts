/**
 * The transit centre's day (issue 8), in Debian's Chromium against the real server: a
 * registrar, offline, registers a family of three, records assistance and a referral,
 * finds one of them by a misspelled name, is warned when registering one again, moves a
 * case to "departed" under an assisted return; then the link comes back, and a second
 * phone of the same centre shows the same timeline.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { hasChromium } from './support/chromium'
import { openProfile, waitForServiceWorkerControl, type Profile } from './support/browser'
import { startServer, type RunningServer } from './support/server'
import { signIn } from './support/forms'

const chip = (page: Page) => page.getByRole('button', { name: /Hors ligne|En ligne/ })
const next = (page: Page) => page.getByRole('button', { name: 'Suivant' }).click()
const yes = (page: Page, question: string) => page.getByRole('group', { name: question }).getByLabel('Oui').check()

interface Member {
  givenName: string
  familyName: string
  sex: 'Femme' | 'Homme'
  age: number
  relationship: 'head' | 'spouse' | 'child'
  /** a child's consent, given by a parent or guardian */
  byGuardian?: boolean
}

const FAMILY: Member[] = [
  { givenName: 'Mariama', familyName: 'Diallo', sex: 'Femme', age: 34, relationship: 'head' },
  { givenName: 'Ibrahima', familyName: 'Diallo', sex: 'Homme', age: 38, relationship: 'spouse' },
  { givenName: 'Fatoumata', familyName: 'Diallo', sex: 'Femme', age: 9, relationship: 'child', byGuardian: true },
]

/** The consent and identity steps of the registration form, filled for a member of the family. */
async function consentAndIdentity(page: Page, member: Member): Promise<void> {
  await page.getByLabel('Centre de transit').selectOption('AGZ-TC')
  await page.getByLabel("Canal d'arrivée").selectOption('search_rescue')
  await yes(page, 'Consentement au traitement des données')
  if (member.byGuardian) {
    await page.getByRole('group', { name: 'Qui donne le consentement' }).getByLabel('Un parent ou tuteur').check()
  }
  await yes(page, 'Consentement au partage avec les partenaires')
  await next(page)
  await page.getByLabel('Prénom').fill(member.givenName)
  await page.getByLabel('Nom de famille').fill(member.familyName)
  await page.getByRole('group', { name: 'Sexe' }).getByLabel(member.sex).check()
  await page.getByRole('group', { name: 'Date de naissance ou âge' }).getByLabel('Âge seulement').check()
  await page.getByLabel('Âge estimé (années)').fill(String(member.age))
  await page.getByLabel('Nationalité', { exact: true }).selectOption('GIN')
}

/** From the identity step on: the family group, the remaining steps, save; returns the case number shown. */
async function finishRegistration(page: Page, member: Member): Promise<string> {
  await next(page) // → household and group
  const inGroup = page.getByRole('group', { name: 'Voyage avec des membres de sa famille ou un groupe ?' })
  if (!(await inGroup.getByLabel('Oui').isChecked())) await inGroup.getByLabel('Oui').check()
  await page.getByLabel('Lien dans la famille ou le groupe').selectOption(member.relationship)
  await next(page) // → journey
  await next(page) // → vulnerabilities
  if (member.byGuardian) {
    await page.getByRole('group', { name: 'Vulnérabilités' }).getByRole('checkbox').first().check()
  }
  await next(page) // → assisted return
  await next(page) // → review
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
  await page.getByRole('heading', { name: 'Dossier enregistré' }).waitFor()
  return ((await page.locator('.saved-case .case-number').textContent()) ?? '').trim()
}

/** The case page's timeline, entry by entry, as a person reads it. */
async function timeline(page: Page): Promise<string[]> {
  const list = page.getByRole('list', { name: 'Historique' })
  await list.waitFor()
  return (await list.getByRole('listitem').allTextContents()).map((text) => text.replace(/\s+/g, ' ').trim())
}

/** From any screen: home, Cases, a search, and the first case it finds. */
async function openCase(page: Page, search: string, name: RegExp): Promise<void> {
  await page.getByRole('link', { name: /Relais/ }).click()
  await page.getByRole('link', { name: 'Dossiers' }).first().click()
  await page.getByLabel('Rechercher').fill(search)
  await page.getByRole('link', { name }).first().click()
  await page.getByRole('list', { name: 'Historique' }).waitFor()
}

describe.skipIf(!hasChromium)('the case file in Chromium, offline, on two phones of a centre', () => {
  let server: RunningServer
  let phoneA: Profile
  let phoneB: Profile
  const registrars = [
    { username: `aicha-${randomUUID().slice(0, 6)}`, password: 'registrar-passphrase-1', name: 'Aïcha Abdou' },
    { username: `moussa-${randomUUID().slice(0, 6)}`, password: 'registrar-passphrase-2', name: 'Moussa Issa' },
  ]

  beforeAll(async () => {
    server = await startServer()
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...server.admin, deviceId: randomUUID() }),
    })
    const { token } = (await login.json()) as { token: string }
    for (const registrar of registrars) {
      const created = await fetch(`${server.url}/api/v1/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ ...registrar, role: 'registrar', sites: ['AGZ-TC'] }),
      })
      expect(created.status).toBe(201)
    }
    phoneA = await openProfile()
    phoneB = await openProfile()
  })

  afterAll(async () => {
    await phoneA?.close()
    await phoneB?.close()
    await server?.stop()
  })

  it('registers a family, assists, refers, finds, warns, returns a case home, and shows one timeline on both phones', async () => {
    const { page, context } = phoneA
    context.setDefaultTimeout(20_000)
    await page.goto(server.url)
    await waitForServiceWorkerControl(page)
    await signIn(page, registrars[0]!)
    await expect.poll(() => chip(page).textContent(), { timeout: 20_000 }).toMatch(/Dernière synchro/)

    // the day goes on without a link
    await context.setOffline(true)
    await expect.poll(() => chip(page).textContent()).toMatch(/Hors ligne/)

    // a family of three, linked as they are registered together
    await page.getByRole('link', { name: 'Enregistrer une personne' }).click()
    const numbers: string[] = []
    for (const [i, member] of FAMILY.entries()) {
      if (i > 0) await page.getByRole('button', { name: 'Enregistrer un membre de la famille' }).click()
      await consentAndIdentity(page, member)
      numbers.push(await finishRegistration(page, member))
    }
    expect(numbers).toHaveLength(3)
    for (const number of numbers) expect(number).toMatch(/^AGZ-[A-Z0-9]{2,4}-\d{4,}$/)
    expect(new Set(numbers).size).toBe(3)

    // found by a misspelled name, and by the case number written on the card
    await page.getByRole('link', { name: 'Dossiers' }).first().click()
    await page.getByLabel('Rechercher').fill('Mariyama Dialo')
    await page
      .getByRole('link', { name: /Mariama Diallo/ })
      .first()
      .waitFor()
    await page.getByLabel('Rechercher').fill(numbers[0]!)
    await page
      .getByRole('link', { name: /Mariama Diallo/ })
      .first()
      .waitFor()
    // opened, then the browser's Back: the list as it was left, her row in focus
    await page
      .getByRole('link', { name: /Mariama Diallo/ })
      .first()
      .click()
    await page.getByRole('list', { name: 'Historique' }).waitFor()
    await page.goBack()
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.closest('li')?.textContent ?? ''))
      .toContain('Mariama Diallo')
    expect(await page.getByLabel('Rechercher').inputValue()).toBe(numbers[0])

    // registering her again: the form warns before anything is saved, and the draft is discarded
    await page.getByRole('link', { name: /Relais/ }).click()
    await page.getByRole('link', { name: 'Enregistrer une personne' }).click()
    await consentAndIdentity(page, FAMILY[0]!)
    await page.getByRole('heading', { name: 'Doublon possible : ouvrir ce dossier ?' }).waitFor()
    await expect.poll(() => page.getByText(numbers[0]!).count()).toBeGreaterThan(0)
    await page.getByRole('button', { name: 'Abandonner le brouillon' }).click()
    await page.getByRole('button', { name: 'Oui, effacer' }).click()

    // assistance and a referral for the mother
    await openCase(page, 'Mariama', /Mariama Diallo/)
    await page.getByRole('button', { name: 'Enregistrer une assistance' }).click()
    await page.getByLabel("Type d'assistance").selectOption('food')
    await page.getByLabel('Quantité').fill('3')
    await page.getByLabel('Fournie par').fill('OIM Agadez')
    await page.getByRole('button', { name: "Enregistrer l'assistance" }).click()
    await page.getByText('Assistance enregistrée sur ce téléphone.').waitFor()
    await page.getByRole('button', { name: 'Orienter' }).click()
    await page.getByLabel('Orienter vers').selectOption('iom_medical')
    await page.getByLabel('Motif').fill('Toux persistante depuis la traversée')
    await page.getByRole('group', { name: 'Urgence' }).getByLabel('Urgente').check()
    await page.getByRole('button', { name: "Enregistrer l'orientation" }).click()
    await page.getByText('Orientation enregistrée sur ce téléphone.').waitFor()

    // her assisted return: "departed" is refused until the return is ready, then accepted
    await page.getByRole('button', { name: 'Changer le statut' }).click()
    await page.getByRole('group', { name: 'Nouveau statut' }).getByLabel('Parti').check()
    await page.getByText('Avant le départ, le retour assisté doit avoir :').waitFor()
    await page.getByRole('link', { name: 'Modifier le retour assisté' }).click()
    await yes(page, 'Retour volontaire assisté (AVRR) ?')
    await page.getByRole('group', { name: 'Catégorie' }).getByRole('radio').first().check()
    await yes(page, 'Déclaration de volontariat signée')
    await page.getByLabel('Document de voyage').selectOption('issued')
    await yes(page, 'Apte à voyager (facultatif)')
    await page.getByLabel('Pays de retour', { exact: true }).selectOption('GIN')
    await yes(page, 'Conseil en réintégration fait')
    await next(page) // → review
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
    await page.getByRole('list', { name: 'Historique' }).waitFor()
    await page.getByRole('button', { name: 'Changer le statut' }).click()
    await page.getByRole('group', { name: 'Nouveau statut' }).getByLabel('Parti').check()
    await page.getByRole('button', { name: 'Enregistrer le statut' }).click()
    await page.getByText('Statut enregistré sur ce téléphone.').waitFor()
    const onA = await timeline(page)
    expect(onA.join('\n')).toMatch(/Statut changé : Enregistré → Parti — Aïcha Abdou/)
    expect(onA.join('\n')).toMatch(/Assistance : Nourriture × 3 \(OIM Agadez\) — Aïcha Abdou/)
    expect(onA.join('\n')).toMatch(/Orienté : OIM médical \(Urgente\)/)
    expect(onA.join('\n')).toMatch(/Modifié : Retour assisté/)
    expect(onA.at(-1)).toMatch(/^Enregistré — Aïcha Abdou/)

    // the link returns: everything goes, nothing stays waiting
    await context.setOffline(false)
    await expect.poll(() => chip(page).textContent(), { timeout: 30_000 }).toMatch(/En ligne · 0 en attente/)

    // the second phone of the centre receives the cases and shows the same timeline
    const other = phoneB.page
    phoneB.context.setDefaultTimeout(20_000)
    await other.goto(server.url)
    await waitForServiceWorkerControl(other)
    await signIn(other, registrars[1]!)
    await expect.poll(() => chip(other).textContent(), { timeout: 30_000 }).toMatch(/Dernière synchro/)
    await openCase(other, numbers[0]!, /Mariama Diallo/)
    await expect.poll(() => timeline(other), { timeout: 20_000 }).toEqual(onA)
    await other.getByRole('link', { name: /Relais/ }).click()
    await other.getByRole('link', { name: 'Dossiers' }).first().click()
    await other.getByLabel('Rechercher').fill('Diallo')
    await expect.poll(() => other.getByRole('link', { name: /Diallo/ }).count()).toBe(3)
  })
})
