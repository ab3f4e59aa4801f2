import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { siteDay } from '@/shared/site-time'
import {
  assistanceStatsSchema,
  avrrStatsSchema,
  flowDayStatsSchema,
  flowNationalityStatsSchema,
  flowTransportStatsSchema,
  openReferralStatsSchema,
  registrationStatsSchema,
} from '@/shared/schemas/stats'
import type { Session } from '@/session/session'
import { replaceSites } from '@/data/sites'
import * as charts from '@/features/numbers/numbers-chart'
import { fakeSession, renderApp, SITES } from './helpers/render-app'

// the real line chart, watched: what it is asked to draw
vi.mock('@/features/numbers/numbers-chart', async (importOriginal) => {
  const real = await importOriginal<typeof charts>()
  return { ...real, DayLinesChart: vi.fn(real.DayLinesChart) }
})

// a day of 2026 at the site: the range of the last 30 days lies within one year
const NOW = new Date('2026-12-04T10:00:00.000Z')

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW })
})

afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
})

const flowRow = (over: object) => ({
  day: '2026-11-20',
  siteCode: 'ARL-FMP',
  direction: 'outgoing',
  men: 0,
  women: 0,
  boys: 0,
  girls: 0,
  total: 0,
  tallies: 1,
  unaccompaniedChildren: 0,
  childrenUnder5: 0,
  elderly: 0,
  pregnantWomen: 0,
  withDisability: 0,
  ...over,
})

/** Each endpoint's answer, parsed with the shared schemas: the fixtures are what the server may send. */
const ANSWERS: Record<string, unknown> = {
  flows: flowDayStatsSchema.parse({
    rows: [
      flowRow({ day: '2026-11-20', direction: 'incoming', men: 8, women: 2, boys: 1, girls: 1, total: 12, tallies: 2 }),
      flowRow({
        day: '2026-11-20',
        direction: 'outgoing',
        men: 30,
        women: 5,
        boys: 3,
        girls: 2,
        total: 40,
        tallies: 3,
      }),
      flowRow({ day: '2026-11-21', direction: 'outgoing', men: 4, women: 3, total: 7 }),
    ],
  }),
  'flows/nationality': flowNationalityStatsSchema.parse({
    rows: [
      { day: '2026-11-20', siteCode: 'ARL-FMP', direction: 'incoming', country: 'NER', count: 12 },
      { day: '2026-11-20', siteCode: 'ARL-FMP', direction: 'outgoing', country: 'NGA', count: 25 },
      { day: '2026-11-20', siteCode: 'ARL-FMP', direction: 'outgoing', country: 'MLI', count: 15 },
      { day: '2026-11-21', siteCode: 'ARL-FMP', direction: 'outgoing', country: 'NGA', count: 7 },
    ],
  }),
  'flows/transport': flowTransportStatsSchema.parse({
    rows: [
      { day: '2026-11-20', siteCode: 'ARL-FMP', direction: 'incoming', transport: 'bus', total: 12, tallies: 2 },
      { day: '2026-11-20', siteCode: 'ARL-FMP', direction: 'outgoing', transport: 'truck', total: 40, tallies: 3 },
      { day: '2026-11-21', siteCode: 'ARL-FMP', direction: 'outgoing', transport: 'truck', total: 7, tallies: 1 },
    ],
  }),
  registrations: registrationStatsSchema.parse({
    rows: [
      { siteCode: 'AGZ-TC', nationality: 'MLI', vulnerable: false, count: 12 },
      { siteCode: 'AGZ-TC', nationality: 'MLI', vulnerable: true, count: '<5' },
      { siteCode: 'AGZ-TC', nationality: 'NGA', vulnerable: false, count: 6 },
    ],
  }),
  assistance: assistanceStatsSchema.parse({
    rows: [
      { siteCode: 'AGZ-TC', type: 'food', count: 18 },
      { siteCode: 'AGZ-TC', type: 'mhpss', count: '<5' },
    ],
  }),
  'referrals/open': openReferralStatsSchema.parse({
    rows: [
      { siteCode: 'AGZ-TC', waited: '31-90', count: '<5' },
      { siteCode: 'AGZ-TC', waited: '0-7', count: 9 },
    ],
  }),
  avrr: avrrStatsSchema.parse({
    rows: [
      { siteCode: 'AGZ-TC', status: 'departed', count: 5 },
      { siteCode: 'AGZ-TC', status: 'avrr_in_progress', count: 11 },
    ],
  }),
}

type Answer = { status: number; body: unknown } | 'offline'

/** A fetch that answers /api/v1/stats/<part> from `answers` (or `override`), recording each URL. */
function stubStats(override: (part: string) => Answer | undefined = () => undefined) {
  const urls: URL[] = []
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://localhost')
    urls.push(url)
    expect(new Headers(init.headers).get('Authorization')).toBe('Bearer token-1')
    const part = url.pathname.replace('/api/v1/stats/', '')
    const answer = override(part) ?? { status: 200, body: ANSWERS[part] ?? { error: 'not_found' } }
    if (answer === 'offline') throw new TypeError('Failed to fetch')
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': 'application/json' },
    })
  })
  vi.stubGlobal('fetch', fetch)
  return { urls }
}

/** The cells of a table named `name`, row by row (header row first). */
function tableCells(name: string | RegExp): string[][] {
  const table = screen.getByRole('table', { name })
  return within(table)
    .getAllByRole('row')
    .map((row) => Array.from(row.querySelectorAll('th, td')).map((cell) => cell.textContent ?? ''))
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10)

async function openNumbers(options: { session?: Session; path?: string } = {}) {
  const rendered = await renderApp({
    role: 'supervisor',
    sites: ['AGZ-TC', 'ARL-FMP'],
    path: options.path ?? '/',
    ...(options.session ? { session: options.session } : {}),
  })
  if (!options.path) await rendered.user.click(await screen.findByRole('link', { name: 'Numbers' }))
  expect(await screen.findByRole('heading', { level: 1, name: 'Numbers' })).toBeInTheDocument()
  return rendered
}

describe('numbers (supervisor)', () => {
  it('asks for the last 30 days at the supervisor’s sites, and shows each figure in a table', async () => {
    const { urls } = stubStats()
    await openNumbers()
    expect(await screen.findByText(/^Figures as of /)).toBeInTheDocument()

    const today = siteDay(new Date())
    expect(urls.map((u) => u.pathname).sort()).toEqual(
      ['assistance', 'avrr', 'flows', 'flows/nationality', 'flows/transport', 'referrals/open', 'registrations'].map(
        (p) => `/api/v1/stats/${p}`,
      ),
    )
    for (const url of urls) {
      expect(url.searchParams.get('from')).toBe(addDays(today, -29))
      expect(url.searchParams.get('to')).toBe(today)
      // every site the supervisor covers: the server's default
      expect(url.searchParams.has('sites')).toBe(false)
    }
    expect(urls.find((u) => u.pathname.endsWith('/flows'))?.searchParams.get('by')).toBe('day')

    // the range's year is said above: a day is its day and month
    expect(tableCells('Arlit flow monitoring point: persons counted per day, by direction')).toEqual([
      ['Day', 'Incoming', 'Outgoing', 'Total'],
      ['Nov 20', '12', '40', '52'],
      ['Nov 21', '0', '7', '7'],
    ])
    // four columns, as on a phone: the directions side by side, then their total
    expect(tableCells('Persons counted by sex and age, by direction')).toEqual([
      ['Sex and age', 'Incoming', 'Outgoing', 'Total'],
      ['Men', '8', '34', '42'],
      ['Women', '2', '8', '10'],
      ['Boys', '1', '3', '4'],
      ['Girls', '1', '2', '3'],
      ['Total', '12', '47', '59'],
    ])
    expect(tableCells('The 3 nationalities seen most, by direction')).toEqual([
      ['Nationality', 'Incoming', 'Outgoing', 'Total'],
      ['Nigeria', '0', '32', '32'],
      ['Mali', '0', '15', '15'],
      ['Niger', '12', '0', '12'],
    ])
    expect(tableCells('Persons counted by means of transport')).toEqual([
      ['Means of transport', 'Persons', 'Tallies'],
      ['Bus', '12', '2'],
      ['Truck', '47', '4'],
    ])
    // each centre heads its rows, rather than a column repeating its name
    expect(tableCells('People registered, by centre, nationality and vulnerability')).toEqual([
      ['Nationality', 'Vulnerable', 'People'],
      ['Agadez transit centre'],
      ['Mali', 'Yes', '<5'],
      ['Mali', 'No', '12'],
      ['Nigeria', 'No', '6'],
    ])
    const registrations = screen.getByRole('table', { name: /^People registered/ })
    expect(within(registrations).getByRole('rowheader', { name: 'Agadez transit centre' })).toHaveAttribute(
      'scope',
      'rowgroup',
    )
    expect(tableCells('People assisted, by centre and type of assistance')).toEqual([
      ['Assistance', 'People'],
      ['Agadez transit centre'],
      ['Food', '18'],
      ['Mental health and psychosocial support', '<5'],
    ])
    expect(tableCells('Referrals still open, by centre and days waited since sent')).toEqual([
      ['Waited', 'Referrals'],
      ['Agadez transit centre'],
      ['0–7 days', '9'],
      ['31–90 days', '<5'],
    ])
    expect(tableCells('Cases under AVRR, by centre and case status')).toEqual([
      ['Case status', 'People'],
      ['Agadez transit centre'],
      ['Return in progress', '11'],
      ['Departed', '5'],
    ])
    // each figure has a titled section
    for (const title of [
      'Flows per day',
      'Top nationalities',
      'Registrations per centre',
      'Assisted voluntary return (AVRR)',
    ])
      expect(screen.getByRole('region', { name: title })).toBeInTheDocument()
    expect(screen.getAllByText(/shown as “<5” to protect the people counted/)).toHaveLength(3)
  })

  it('asks again for the chosen dates and sites; refuses a range that ends before it starts, inline', async () => {
    const { urls } = stubStats()
    const { user: ui } = await openNumbers({ path: '/numbers' })
    await screen.findByText(/^Figures as of /)
    urls.length = 0

    const from = screen.getByLabelText('From')
    const to = screen.getByLabelText('To')
    await ui.clear(from)
    await ui.type(from, '2026-11-10')
    await ui.clear(to)
    await ui.type(to, '2026-11-01')
    await ui.click(screen.getByRole('button', { name: 'Show' }))
    expect(to).toHaveAttribute('aria-invalid', 'true')
    expect(to).toHaveAccessibleDescription('The end date is before the start date.')
    expect(to).toHaveFocus()
    expect(urls).toHaveLength(0)

    await ui.clear(to)
    await ui.type(to, '2026-11-30')
    await ui.click(screen.getByText('Sites: all 2'))
    await ui.click(screen.getByRole('checkbox', { name: 'Agadez transit centre' }))
    await ui.click(screen.getByRole('button', { name: 'Show' }))
    expect(await screen.findByText(/^Figures as of .* for Nov 10, 2026 – Nov 30, 2026\.$/)).toBeInTheDocument()
    expect(urls).toHaveLength(7)
    for (const url of urls) {
      expect(url.searchParams.get('from')).toBe('2026-11-10')
      expect(url.searchParams.get('to')).toBe('2026-11-30')
      expect(url.searchParams.get('sites')).toBe('ARL-FMP')
    }
    expect(screen.getByText('Sites: 1 of 2')).toBeInTheDocument()

    // no site at all: said on the sites, nothing asked
    urls.length = 0
    await ui.click(screen.getByRole('checkbox', { name: 'Arlit flow monitoring point' }))
    await ui.click(screen.getByRole('button', { name: 'Show' }))
    expect(screen.getByRole('group', { name: 'Sites' })).toHaveAccessibleDescription('Choose at least one site.')
    expect(screen.getByRole('checkbox', { name: 'Agadez transit centre' })).toHaveFocus()
    expect(urls).toHaveLength(0)
  })

  it('writes each day with its year when the range spans two years', async () => {
    stubStats()
    const { user: ui } = await openNumbers({ path: '/numbers' })
    await screen.findByText(/^Figures as of /)
    await ui.clear(screen.getByLabelText('From'))
    await ui.type(screen.getByLabelText('From'), '2025-12-20')
    await ui.clear(screen.getByLabelText('To'))
    await ui.type(screen.getByLabelText('To'), '2026-01-10')
    await ui.click(screen.getByRole('button', { name: 'Show' }))
    expect(await screen.findByText(/ for Dec 20, 2025 – Jan 10, 2026\.$/)).toBeInTheDocument()
    expect(tableCells('Arlit flow monitoring point: persons counted per day, by direction')[1]?.[0]).toBe(
      'Nov 20, 2026',
    )
  })

  it('counts every site of the supervisor, those the phone learns of after the screen opened too', async () => {
    const { urls } = stubStats()
    // the first sync has not brought the sites yet
    const { user: ui, db } = await renderApp({
      role: 'supervisor',
      sites: ['AGZ-TC', 'ARL-FMP'],
      path: '/numbers',
      seed: (db) => db.sites.clear(),
    })
    await screen.findByText(/^Figures as of /)
    await replaceSites(db, SITES)
    const summary = await screen.findByText('Sites: all 2')
    await ui.click(summary)
    expect(screen.getByRole('checkbox', { name: 'Agadez transit centre' })).toBeChecked()
    expect(screen.getByRole('checkbox', { name: 'Arlit flow monitoring point' })).toBeChecked()
    urls.length = 0
    await ui.click(screen.getByRole('button', { name: 'Show' }))
    await waitFor(() => expect(urls).toHaveLength(7))
    for (const url of urls) expect(url.searchParams.has('sites')).toBe(false)
    expect(screen.queryByText('Choose at least one site.')).not.toBeInTheDocument()
  })

  it('keeps the last view on the phone and shows it offline with its time', async () => {
    stubStats()
    const session = fakeSession('supervisor', ['AGZ-TC', 'ARL-FMP'])
    const first = await openNumbers({ session })
    const asOf = (await screen.findByText(/^Figures as of /)).textContent ?? ''
    const time = /as of (.*) \(Niger time\)/.exec(asOf)?.[1]
    expect(time).toMatch(/\d{2}:\d{2}$/)
    first.unmount()

    // the next day's visit, with no network
    stubStats(() => 'offline')
    await openNumbers({ session, path: '/numbers' })
    expect(await screen.findByText('Offline: showing the numbers kept on this phone.')).toBeInTheDocument()
    expect(
      screen.getByText(`Numbers kept on this phone, as of ${time} (Niger time), for ${asOf.split(', for ')[1]}`),
    ).toBeInTheDocument()
    expect(tableCells('People registered, by centre, nationality and vulnerability').slice(1, 3)).toEqual([
      ['Agadez transit centre'],
      ['Mali', 'Yes', '<5'],
    ])
    expect(tableCells('Arlit flow monitoring point: persons counted per day, by direction')[1]).toEqual([
      'Nov 20',
      '12',
      '40',
      '52',
    ])
    expect(screen.queryByText(/^Figures as of /)).not.toBeInTheDocument()
  })

  it('says clearly when nothing is kept and there is no network', async () => {
    stubStats(() => 'offline')
    await openNumbers({ path: '/numbers' })
    expect(await screen.findByText('Offline: this screen is read from the server.')).toBeInTheDocument()
    expect(screen.getByRole('status')).toHaveTextContent(/No numbers are kept on this phone yet\./)
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
  })

  it('shows a server error clearly, with no half-figures, and tries again on demand', async () => {
    let broken = true
    const { urls } = stubStats((part) =>
      broken && part === 'registrations' ? { status: 500, body: { error: 'internal', message: 'boom' } } : undefined,
    )
    const { user: ui } = await openNumbers({ path: '/numbers' })
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('The server had a problem. Try again later.')
    expect(screen.queryByRole('table')).not.toBeInTheDocument()

    broken = false
    urls.length = 0
    await ui.click(within(alert).getByRole('button', { name: 'Try again' }))
    expect(await screen.findByText(/^Figures as of /)).toBeInTheDocument()
    expect(urls).toHaveLength(7)
    expect(screen.getByRole('table', { name: 'People assisted, by centre and type of assistance' })).toBeInTheDocument()
  })

  it('refuses an answer that is not the stats schema’s, rather than showing it', async () => {
    stubStats((part) =>
      part === 'assistance'
        ? { status: 200, body: { rows: [{ siteCode: 'AGZ-TC', type: 'food', count: 3 }] } } // 3 must travel as "<5"
        : undefined,
    )
    await openNumbers({ path: '/numbers' })
    expect(await screen.findByRole('alert')).toHaveTextContent('The server had a problem. Try again later.')
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
  })

  describe('days the FMP was recorded closed or without flow', () => {
    const flows = {
      ...(ANSWERS.flows as object),
      dayStatuses: [
        { day: '2026-11-20', siteCode: 'ARL-FMP', status: 'no_flow', allDay: false }, // a counted day
        { day: '2026-11-22', siteCode: 'ARL-FMP', status: 'closed', allDay: true },
        // no tally, closed for a few hours: the export's closed_part_of_day, not a closed day
        { day: '2026-11-23', siteCode: 'ARL-FMP', status: 'closed', allDay: false },
        { day: '2026-11-25', siteCode: 'ARL-FMP', status: 'no_flow', allDay: true },
        { day: '2026-11-26', siteCode: 'ARL-FMP', status: 'no_flow', allDay: false },
      ],
    }
    const open = async (lang: 'en' | 'fr' | 'ar', body: object = flows) => {
      stubStats((part) => (part === 'flows' ? { status: 200, body } : undefined))
      await renderApp({ role: 'supervisor', sites: ['AGZ-TC', 'ARL-FMP'], path: '/numbers', lang })
      await screen.findAllByRole('table')
    }

    it('marks them in the table, all day or part of it as the export does, and says them beside the chart', async () => {
      await open('en')
      expect(tableCells(/^Arlit flow monitoring point: persons counted per day/)).toEqual([
        ['Day', 'Incoming', 'Outgoing', 'Total'],
        ['Nov 20 · no flow part of the day', '12', '40', '52'],
        ['Nov 21', '0', '7', '7'],
        ['Nov 22 · closed all day', '0', '0', '0'],
        ['Nov 23 · closed part of the day', '0', '0', '0'],
        ['Nov 25 · no flow all day', '0', '0', '0'],
        ['Nov 26 · no flow part of the day', '0', '0', '0'],
      ])
      const marked = [...document.querySelectorAll('.numbers-marked-days p')].map((p) => p.textContent)
      expect(marked).toEqual([
        'Closed all day: Nov 22',
        'Closed part of the day: Nov 23',
        'No flow all day: Nov 25',
        'No flow part of the day: Nov 26',
      ])
      expect(
        screen.getByText(/^“Closed” and “No flow” mark the days .+, all day or part of the day;/),
      ).toBeInTheDocument()
      // the chart draws a marked day at zero, a day without data (the 24th) as a gap
      const drawn = vi.mocked(charts.DayLinesChart).mock.calls.at(-1)![0]
      const at = (day: string) => drawn.days.indexOf(day)
      expect(drawn.series.map((line) => [line.values[at('Nov 23')], line.values[at('Nov 24')]])).toEqual([
        [0, null],
        [0, null],
      ])
      // the other figures are the tallies' alone
      expect(tableCells('Persons counted by sex and age, by direction').at(-1)).toEqual(['Total', '12', '47', '59'])
    })

    it('says them in French', async () => {
      await open('fr')
      const fr = tableCells(/ : personnes comptées par jour, par sens$/).map((row) => row[0])
      expect(fr).toEqual([
        'Jour',
        '20 nov. · aucun passage une partie de la journée',
        '21 nov.',
        '22 nov. · fermé toute la journée',
        '23 nov. · fermé une partie de la journée',
        '25 nov. · aucun passage de toute la journée',
        '26 nov. · aucun passage une partie de la journée',
      ])
      expect(screen.getByText('Fermé toute la journée : 22 nov.')).toBeInTheDocument()
      expect(screen.getByText('Fermé une partie de la journée : 23 nov.')).toBeInTheDocument()
      expect(screen.getByText('Aucun passage de toute la journée : 25 nov.')).toBeInTheDocument()
    })

    it('says them in Arabic', async () => {
      await open('ar')
      const ar = tableCells(/الأشخاص الذين عُدّوا في كل يوم/).map((row) => row[0])
      expect(ar.slice(3)).toEqual([
        expect.stringMatching(/ · مغلقة طوال اليوم$/),
        expect.stringMatching(/ · مغلقة جزءًا من اليوم$/),
        expect.stringMatching(/ · لا عبور طوال اليوم$/),
        expect.stringMatching(/ · لا عبور جزءًا من اليوم$/),
      ])
      expect(screen.getByText(/^مغلقة طوال اليوم: .+/)).toBeInTheDocument()
      expect(screen.getByText(/^مغلقة جزءًا من اليوم: .+/)).toBeInTheDocument()
    })

    it('from an older server, which does not say all day or part of it, says only closed or no flow', async () => {
      const older = flows.dayStatuses.map(({ day, siteCode, status }) => ({ day, siteCode, status }))
      await open('en', { ...flows, dayStatuses: older })
      expect(tableCells(/^Arlit flow monitoring point: persons counted per day/).map((row) => row[0])).toEqual([
        'Day',
        'Nov 20 · no flow part of the day',
        'Nov 21',
        'Nov 22 · Closed',
        'Nov 23 · Closed',
        'Nov 25 · No flow seen',
        'Nov 26 · No flow seen',
      ])
      expect(screen.getByText('Closed: Nov 22 and Nov 23')).toBeInTheDocument()
      expect(screen.getByText('No flow seen: Nov 25 and Nov 26')).toBeInTheDocument()
    })
  })

  it('is neither a tile nor a screen for a registrar', async () => {
    stubStats()
    await renderApp({ role: 'registrar', path: '/' })
    expect(await screen.findByRole('link', { name: 'Cases' })).toBeInTheDocument()
    expect(screen.queryByRole('link', { name: 'Numbers' })).not.toBeInTheDocument()
  })
})
