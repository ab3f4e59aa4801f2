/**
 * Fills the app's forms the way a person does: in French, by role and label, one field
 * at a time. Each ends on the list the app shows after the save.
 */
import { expect } from 'vitest'
import type { Page } from 'playwright-core'

export interface PersonInput {
  givenName: string
  familyName: string
  /** Default 27. */
  age?: number
  /** Default 'MLI'. */
  nationality?: string
  /** Runs on the identity step once it is filled, before going on (e.g. to read a duplicate warning). */
  beforeIdentityDone?: () => Promise<void>
}

/**
 * From any screen with the "Enregistrer une personne" link: registers a consenting adult
 * woman, walk-in at Agadez's transit centre, with one vulnerability, through the form's
 * steps; ends on the Cases list. Returns the case number the app showed after the save
 * (empty when the sign-in had no case code).
 */
export async function registerPerson(page: Page, person: PersonInput): Promise<string> {
  await page.getByRole('link', { name: 'Enregistrer une personne' }).click()
  // consent
  await page.getByLabel('Centre de transit').selectOption('AGZ-TC')
  await page.getByLabel("Canal d'arrivée").selectOption('walk_in')
  await page.getByRole('group', { name: 'Consentement au traitement des données' }).getByLabel('Oui').check()
  await page.getByRole('group', { name: 'Consentement au partage avec les partenaires' }).getByLabel('Oui').check()
  await next(page)
  // identity
  await page.getByLabel('Prénom').fill(person.givenName)
  await page.getByLabel('Nom de famille').fill(person.familyName)
  await page.getByRole('group', { name: 'Sexe' }).getByLabel('Femme').check()
  await page.getByRole('group', { name: 'Date de naissance ou âge' }).getByLabel('Âge seulement').check()
  await page.getByLabel('Âge estimé (années)').fill(String(person.age ?? 27))
  await page.getByLabel('Nationalité', { exact: true }).selectOption(person.nationality ?? 'MLI')
  if (person.beforeIdentityDone) await person.beforeIdentityDone()
  await next(page) // → household and group
  await next(page) // → journey
  await next(page) // → vulnerabilities
  await page.getByRole('group', { name: 'Vulnérabilités' }).getByRole('checkbox').first().check()
  await next(page) // → assisted return
  await next(page) // → review
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click()
  await page.getByRole('heading', { name: 'Dossier enregistré' }).waitFor()
  const shown = page.locator('.saved-case .case-number')
  const caseNumber = (await shown.count()) > 0 ? ((await shown.textContent()) ?? '').trim() : ''
  await page.getByRole('link', { name: 'Dossiers' }).first().click()
  await page.waitForURL(/\/cases$/)
  return caseNumber
}

const next = (page: Page) => page.getByRole('button', { name: 'Suivant' }).click()

export interface TallyInput {
  /** Default 5. */
  men?: number
  /** Default 2. */
  women?: number
  /** People counted as Nigerian; the rest of the total stays "unknown". Default 4. */
  nigerians?: number
}

/** On the tally form: records an outgoing truck at Séguédine's flow monitoring point, Niger → Libya. */
export async function recordTally(page: Page, tally: TallyInput = {}): Promise<void> {
  const { men = 5, women = 2, nigerians = 4 } = tally
  await page.getByRole('combobox', { name: 'Point de suivi des flux' }).selectOption('SEG-FMP')
  // a tally saved earlier today offers its route folded ("same as last"): unfold it
  const sameAsLast = page.getByRole('group', { name: 'Comme le précédent' })
  if (await sameAsLast.isVisible()) await sameAsLast.getByRole('button', { name: 'Modifier' }).click()
  await page.getByRole('group', { name: 'Direction' }).getByLabel('Sortant').check()
  await page.getByRole('combobox', { name: 'Moyen de transport' }).selectOption('truck')
  await page.getByLabel('Pays de départ', { exact: true }).selectOption('NER')
  await page.getByLabel('Pays de destination', { exact: true }).selectOption('LBY')
  await page.getByRole('combobox', { name: 'Type de flux' }).selectOption('economic_long_term')
  for (let i = 0; i < men; i++) await page.getByRole('button', { name: 'Hommes +1' }).click()
  for (let i = 0; i < women; i++) await page.getByRole('button', { name: 'Femmes +1' }).click()
  const total = men + women
  await expect.poll(() => page.getByText(new RegExp(`Total\\s*:\\s*${total}\\b`)).count()).toBeGreaterThan(0)
  await page.getByRole('button', { name: 'Ajouter une nationalité' }).click()
  await page.getByLabel('Nationalité 1', { exact: true }).selectOption('NGA')
  for (let i = 0; i < nigerians; i++) {
    await page.getByRole('button', { name: 'Personnes de la nationalité 1 +1' }).click()
  }
  await page.getByText(new RegExp(`Nationalité inconnue\\s*:\\s*${total - nigerians}\\b`)).waitFor()
  await page.getByRole('button', { name: 'Enregistrer le comptage' }).click()
  // the next tally opens at once; the day's list is one tap away
  await page.getByText(/Comptage \d+ enregistré sur ce téléphone/).waitFor()
  await page.locator('.tally-head').getByRole('link', { name: "Aujourd'hui" }).click()
  await page.waitForURL(/\/today$/)
}

/**
 * Signs in on the sign-in screen and waits for the home screen, known by one of its
 * tiles (a registrar's by default; a monitor's home has "Comptage" instead).
 */
export async function signIn(
  page: Page,
  user: { username: string; password: string; deviceName?: string },
  homeTile = 'Enregistrer une personne',
): Promise<void> {
  await page.getByLabel("Nom d'utilisateur").fill(user.username)
  await page.getByLabel('Mot de passe').fill(user.password)
  // the name a supervisor sees in Devices (asked at a phone's first sign-in only)
  if (user.deviceName) await page.getByLabel('Nom de ce téléphone (facultatif)').fill(user.deviceName)
  await page.getByRole('button', { name: 'Se connecter' }).click()
  await page.getByRole('link', { name: homeTile, exact: true }).first().waitFor()
}

/** On the unlock screen (after a reload: the keys live in the tab's memory only), unlocks and waits for the app. */
export async function unlock(page: Page, password: string): Promise<void> {
  await page.getByRole('heading', { name: 'Déverrouiller' }).waitFor()
  await page.getByLabel('Mot de passe').fill(password)
  await page.getByRole('button', { name: 'Déverrouiller' }).click()
  await page.getByRole('heading', { name: 'Déverrouiller' }).waitFor({ state: 'detached' })
}
