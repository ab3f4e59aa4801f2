/**
 * A flow monitor's day at Séguédine (issue 10), in Debian's Chromium against the real
 * server: signed in online, the monitor loses the network, records 30 tallies across
 * two directions ("same as last" carrying the route from one to the next), runs two
 * surveys (one refused at consent), and reads Today's figures, which must equal the sums
 * of what was typed. Back online, the phone syncs, and the server's daily flow figures
 * for that day and FMP (the supervisors' stats API) equal the phone's, direction by
 * direction; the server holds exactly 30 tallies and 2 surveys.
 */
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { FlowDayRow, FlowNationalityRow } from '@/shared/schemas/stats'
import { siteDay } from '@/shared/site-time'
import { hasChromium } from './support/chromium'
import { openProfile, type Profile } from './support/browser'
import { startServer, type RunningServer } from './support/server'
import { pullEverything, signInOverApi } from './support/api'
import { signIn } from './support/forms'

const FMP = 'SEG-FMP'
const chip = (page: Page) => page.getByRole('button', { name: /Hors ligne|En ligne/ })

type Direction = 'incoming' | 'outgoing'
const COUNTED = ['men', 'women', 'boys', 'girls', 'childrenUnder5', 'elderly', 'pregnantWomen'] as const
type Counted = (typeof COUNTED)[number]
type Counts = Record<Counted, number>

/** Each count's field on the tally form (and its line on Today), in French. */
const LABEL: Record<Counted, string> = {
  men: 'Hommes',
  women: 'Femmes',
  boys: 'Garçons',
  girls: 'Filles',
  childrenUnder5: 'Enfants de moins de 5 ans',
  elderly: 'Personnes âgées',
  pregnantWomen: 'Femmes enceintes',
}

interface Tally {
  direction: Direction
  counts: Counts
  /** Known nationalities; the rest of the total is "unknown" (OOO). */
  nationalities: { country: string; count: number }[]
}

/** 18 incoming then 12 outgoing, sex and age varied, every rule of data-model.md kept; two with nationalities. */
function theDay(): Tally[] {
  return Array.from({ length: 30 }, (_, i) => {
    const men = 1 + ((i * 7) % 6)
    const women = i % 3
    const boys = i % 4 === 1 ? 2 : 0
    const girls = i % 5 === 2 ? 1 : 0
    const counts: Counts = {
      men,
      women,
      boys,
      girls,
      childrenUnder5: boys + girls > 0 && i % 2 === 0 ? 1 : 0,
      elderly: i % 6 === 0 ? 1 : 0,
      pregnantWomen: women > 0 && i % 4 === 0 ? 1 : 0,
    }
    const nationalities =
      i === 2
        ? [{ country: 'NGA', count: 3 }]
        : i === 20
          ? [
              { country: 'MLI', count: 2 },
              { country: 'NGA', count: 1 },
            ]
          : []
    return { direction: i < 18 ? 'incoming' : 'outgoing', counts, nationalities }
  })
}

const totalOf = (c: Counts) => c.men + c.women + c.boys + c.girls

/** The day's row per direction, as the stats API gives it, summed by the test from what it typed. */
function expectedRows(day: string, tallies: readonly Tally[]): FlowDayRow[] {
  return (['incoming', 'outgoing'] as const).map((direction) => {
    const mine = tallies.filter((t) => t.direction === direction)
    const sum = (f: Counted) => mine.reduce((n, t) => n + t.counts[f], 0)
    return {
      day,
      siteCode: FMP,
      direction,
      men: sum('men'),
      women: sum('women'),
      boys: sum('boys'),
      girls: sum('girls'),
      total: mine.reduce((n, t) => n + totalOf(t.counts), 0),
      tallies: mine.length,
      unaccompaniedChildren: 0,
      childrenUnder5: sum('childrenUnder5'),
      elderly: sum('elderly'),
      pregnantWomen: sum('pregnantWomen'),
      withDisability: 0,
    }
  })
}

/** The nationality rows the stats API gives for these tallies: the known ones and the unknown remainder. */
function expectedNationalities(day: string, tallies: readonly Tally[]): FlowNationalityRow[] {
  const rows: FlowNationalityRow[] = []
  for (const direction of ['incoming', 'outgoing'] as const) {
    const byCountry = new Map<string, number>()
    for (const t of tallies.filter((t) => t.direction === direction)) {
      const known = t.nationalities.reduce((n, row) => n + row.count, 0)
      const rest = [...t.nationalities, { country: 'OOO', count: totalOf(t.counts) - known }]
      for (const { country, count } of rest) byCountry.set(country, (byCountry.get(country) ?? 0) + count)
    }
    for (const [country, count] of [...byCountry].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (count > 0) rows.push({ day, siteCode: FMP, direction, country, count })
    }
  }
  return rows
}

/** On the tally form: the route of a tally whose route is not the last one's. */
async function setRoute(page: Page, direction: Direction): Promise<void> {
  const incoming = direction === 'incoming'
  await page
    .getByRole('group', { name: 'Direction' })
    .getByLabel(incoming ? 'Entrant' : 'Sortant')
    .check()
  await page.getByRole('combobox', { name: 'Moyen de transport' }).selectOption(incoming ? 'truck' : 'car')
  await page.getByLabel('Pays de départ', { exact: true }).selectOption(incoming ? 'LBY' : 'NER')
  await page.getByLabel('Pays de destination', { exact: true }).selectOption(incoming ? 'NER' : 'LBY')
  await page.getByRole('combobox', { name: 'Type de flux' }).selectOption('economic_long_term')
}

/** On the tally form, its route set: types the counts and nationalities, saves, and waits for the next tally. */
async function countAndSave(page: Page, tally: Tally, n: number): Promise<void> {
  for (const field of COUNTED) {
    const value = tally.counts[field]
    if (value > 0) await page.getByLabel(LABEL[field], { exact: true }).fill(String(value))
  }
  for (const [i, { country, count }] of tally.nationalities.entries()) {
    await page.getByRole('button', { name: 'Ajouter une nationalité' }).click()
    await page.getByLabel(`Nationalité ${i + 1}`, { exact: true }).selectOption(country)
    await page.getByLabel(`Personnes de la nationalité ${i + 1}`, { exact: true }).fill(String(count))
  }
  const total = totalOf(tally.counts)
  await page.getByText(new RegExp(`^Total\\s*:\\s*${total}$`)).waitFor()
  if (tally.nationalities.length > 0) {
    const known = tally.nationalities.reduce((sum, row) => sum + row.count, 0)
    await page.getByText(new RegExp(`Nationalité inconnue\\s*:\\s*${total - known}\\b`)).waitFor()
  }
  await page.getByRole('button', { name: 'Enregistrer le comptage' }).click()
  // the next tally opens at once, its counts empty
  await page.getByText(new RegExp(`Comptage ${n} enregistré sur ce téléphone`)).waitFor()
}

/** From the survey's first page: a refusal, saved with nothing else. */
async function refusedSurvey(page: Page): Promise<void> {
  expect(await page.getByRole('combobox', { name: 'Point de suivi des flux' }).inputValue()).toBe(FMP)
  await page.getByRole('group', { name: 'La personne accepte-t-elle de répondre ?' }).getByLabel('Non, refuse').check()
  await page.getByRole('button', { name: 'Enregistrer le refus' }).click()
  await page.getByRole('heading', { name: 'Refus enregistré', level: 1 }).waitFor()
}

/** From the survey's first page: a whole interview, one page after another. */
async function answeredSurvey(page: Page): Promise<void> {
  const group = (name: string | RegExp) => page.getByRole('group', { name })
  const next = async (heading: RegExp) => {
    await page.getByRole('button', { name: 'Suivant' }).click()
    await page.getByRole('heading', { level: 2, name: heading }).waitFor()
  }
  expect(await page.getByRole('combobox', { name: 'Point de suivi des flux' }).inputValue()).toBe(FMP)
  await group('La personne accepte-t-elle de répondre ?').getByLabel('Oui, accepte de répondre').check()
  await next(/Page 2 sur 7/)
  await page.getByLabel('Âge (ans)').fill('24')
  await group('Sexe').getByLabel('Homme', { exact: true }).check()
  await group('Situation matrimoniale').getByLabel('Célibataire').check()
  await page.getByLabel('Nationalité', { exact: true }).selectOption('GIN')
  await page.getByLabel('Pays de naissance', { exact: true }).selectOption('GIN')
  await next(/Page 3 sur 7/)
  await group('Niveau d’instruction').getByLabel('Primaire').check()
  await group('Travail avant le départ').getByLabel('Sans emploi').check()
  await group(/Raisons du départ/)
    .getByLabel('Économique')
    .check()
  await next(/Page 4 sur 7/)
  await page.getByLabel('Pays d’origine', { exact: true }).selectOption('GIN')
  await next(/Page 5 sur 7/)
  await group('Voyage seul ou en groupe ?').getByLabel('Seul', { exact: true }).check()
  await page.getByLabel('Tentatives de migration précédentes').fill('0')
  await next(/Page 6 sur 7/)
  await group('La personne connaît-elle le coût du voyage ?').getByLabel('Non', { exact: true }).check()
  await next(/Page 7 sur 7/)
  await group(/Difficultés rencontrées en route/)
    .getByLabel('Aucune de celles-ci')
    .check()
  await group(/Besoins actuels/)
    .getByLabel('Eau')
    .check()
  await page.getByRole('button', { name: 'Enregistrer l’enquête' }).click()
  await page.getByRole('heading', { name: 'Enquête enregistrée', level: 1 }).waitFor()
}

/** Today's figures for the day, as shown: each line's label and its number. */
async function todaysFigures(page: Page): Promise<Record<string, number>> {
  const pairs = await page
    .locator('.today-figures .figure-grid > div')
    .evaluateAll((rows) =>
      rows.map((row) => [row.querySelector('dt')?.textContent ?? '', row.querySelector('dd')?.textContent ?? '']),
    )
  return Object.fromEntries(pairs.map(([label, value]) => [label, Number(value)]))
}

describe.skipIf(!hasChromium)(
  'a flow monitor’s day in Chromium: tallies and surveys offline, the same figures on the server',
  () => {
    let server: RunningServer
    let profile: Profile
    const monitor = {
      username: `issa-${randomUUID().slice(0, 6)}`,
      password: 'monitor-passphrase-1',
      name: 'Issa Moussa',
    }

    beforeAll(async () => {
      server = await startServer()
      const token = await signInOverApi(server.url, server.admin.username, server.admin.password)
      const created = await fetch(`${server.url}/api/v1/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ ...monitor, role: 'monitor', sites: [FMP] }),
      })
      expect(created.status).toBe(201)
      profile = await openProfile()
    })

    afterAll(async () => {
      await profile?.close()
      await server?.stop()
    })

    it(
      'records 30 tallies and 2 surveys offline; Today and the server give the same figures',
      { timeout: 300_000 },
      async () => {
        const { page, context } = profile
        const tallies = theDay()
        const day = siteDay()

        await page.goto(server.url)
        await signIn(page, monitor, 'Comptage')
        // the first sync after sign-in brings the monitor's FMP down to the phone
        await expect.poll(() => chip(page).textContent(), { timeout: 30_000 }).toMatch(/Dernière synchro/)
        // as a monitor leaving for the checkpoint: not before the app says it is stored for use offline
        // (the week chart's code, among others, comes from that store once offline)
        await page.getByText('Relais est prêt à fonctionner hors ligne.').waitFor({ timeout: 60_000 })

        await context.setOffline(true)
        await expect.poll(() => chip(page).textContent(), { timeout: 15_000 }).toMatch(/Hors ligne/)

        // the tallies: the route typed once per direction, "same as last" for the rest
        await page.getByRole('link', { name: 'Comptage', exact: true }).click()
        expect(await page.getByRole('combobox', { name: 'Point de suivi des flux' }).inputValue()).toBe(FMP)
        const sameAsLast = page.getByRole('group', { name: 'Comme le précédent' })
        for (const [i, tally] of tallies.entries()) {
          const previous = tallies[i - 1]
          if (!previous) {
            await setRoute(page, tally.direction)
          } else if (previous.direction !== tally.direction) {
            await sameAsLast.getByRole('button', { name: 'Modifier' }).click()
            await setRoute(page, tally.direction)
          } else {
            // the route is carried over, folded: nothing to type but the counts
            await sameAsLast.waitFor()
            expect(await sameAsLast.textContent()).toContain(tally.direction === 'incoming' ? 'Entrant' : 'Sortant')
          }
          await countAndSave(page, tally, i + 1)
        }

        // the surveys: one refused at consent, one answered to the end
        await page.getByRole('link', { name: /Relais/ }).click()
        await page.getByRole('link', { name: 'Enquête', exact: true }).click()
        await refusedSurvey(page)
        await page.getByRole('button', { name: 'Commencer une autre enquête' }).click()
        await answeredSurvey(page)
        await page.getByText(/Aujourd’hui, .+ : 1 entretien, 1 refus\./).waitFor()
        await expect.poll(() => chip(page).textContent(), { timeout: 15_000 }).toMatch(/Hors ligne · 32 en attente/)

        // Today: the figures equal the sums of what was typed
        const expected = expectedRows(day, tallies)
        const [incoming, outgoing] = expected as [FlowDayRow, FlowDayRow]
        const sum = (f: keyof FlowDayRow & Counted) => incoming[f] + outgoing[f]
        await page.getByRole('link', { name: /Relais/ }).click()
        await page.getByRole('link', { name: "Aujourd'hui", exact: true }).click()
        const dayTotal = incoming.total + outgoing.total
        await page.getByText(`${dayTotal} personnes comptées aujourd'hui. 30 comptages.`).waitFor()
        // the two surveys wait too, said with the tallies
        await page
          .getByText('30 comptages pas encore envoyés. 2 enquêtes pas encore envoyées.', { exact: true })
          .waitFor()
        const phone = await todaysFigures(page)
        expect(phone).toEqual({
          Entrant: incoming.total,
          Sortant: outgoing.total,
          ...Object.fromEntries(COUNTED.map((f) => [LABEL[f], sum(f)])),
          'Enfants non accompagnés': 0,
          'Personnes handicapées': 0,
        })
        // the week's chart names its lines in the app's language; nothing pointed at, no "Value: --"
        const legend = page.getByTestId('week-chart').locator('.u-legend')
        await legend.waitFor()
        expect(await legend.textContent()).toMatch(/^Jour.*Entrant.*Sortant/)
        const shown = await legend.innerText()
        expect(shown).toMatch(/Entrant.*Sortant/)
        expect(shown).not.toMatch(/--|Value|Jour/)

        // back online: sync, until nothing waits
        await context.setOffline(false)
        await chip(page).click()
        await page.getByRole('button', { name: 'Synchroniser' }).click()
        await expect.poll(() => chip(page).textContent(), { timeout: 60_000 }).toMatch(/En ligne · 0 en attente/)
        await page.getByText('Tout ce qui concerne ce poste est envoyé.').waitFor()

        // the server's figures for that day and FMP, asked as an admin: the phone's, direction by direction
        expect(siteDay(), 'the journey crossed midnight in Niamey: run it again').toBe(day)
        const token = await signInOverApi(server.url, server.admin.username, server.admin.password)
        const stats = async <T>(figure: string): Promise<T> => {
          const query = new URLSearchParams({ from: day, to: day, sites: FMP, by: 'day' })
          if (figure !== 'flows') query.delete('by')
          const res = await fetch(`${server.url}/api/v1/stats/${figure}?${query}`, {
            headers: { authorization: `Bearer ${token}` },
          })
          expect(res.status, await res.clone().text()).toBe(200)
          return ((await res.json()) as { rows: T }).rows
        }
        const rows = await stats<FlowDayRow[]>('flows')
        expect(rows).toEqual(expected)
        expect(rows.map((r) => [r.direction, r.total])).toEqual([
          ['incoming', phone['Entrant']],
          ['outgoing', phone['Sortant']],
        ])
        for (const f of COUNTED)
          expect(
            rows.reduce((n, r) => n + r[f], 0),
            f,
          ).toBe(phone[LABEL[f]])
        expect(await stats<FlowNationalityRow[]>('flows/nationality')).toEqual(expectedNationalities(day, tallies))

        // the server holds each record exactly once: 30 tallies and 2 surveys, the refusal with nothing else
        const changes = await pullEverything(server.url, token)
        const ofFmp = (entity: string) =>
          changes.filter((c) => c.entity === entity && (c.data as { siteCode?: string } | undefined)?.siteCode === FMP)
        const flowCounts = ofFmp('flowCount')
        expect(flowCounts).toHaveLength(30)
        expect(new Set(flowCounts.map((c) => c.recordId)).size).toBe(30)
        expect(flowCounts.every((c) => c.rev === 1 && !c.deleted)).toBe(true)
        const surveys = ofFmp('survey').map((c) => c.data as Record<string, unknown>)
        expect(surveys).toHaveLength(2)
        const refusal = surveys.find((s) => s.consent === false)
        expect(Object.keys(refusal ?? {}).sort()).toEqual(
          ['consent', 'createdAt', 'id', 'interviewedOn', 'siteCode', 'updatedAt'].sort(),
        )
        expect(surveys.find((s) => s.consent === true)).toMatchObject({
          interviewedOn: day,
          age: 24,
          nationality: 'GIN',
        })
      },
    )
  },
)
