/**
 * Today for a flow monitor (issue 10): the FMP's local day in Niger whatever the phone's
 * time zone, the figures of tallies in two directions from the shared flow figures,
 * the week with a closed day and a day without data, what is not yet sent, and
 * recording a closure.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { RelaisDb } from '@/data/db'
import { listRecords, saveRecord } from '@/data/records'
import { todayRead } from '@/features/today/today-read'
import type { FlowCount } from '@/shared/schemas/flow-count'
import { siteDay } from '@/shared/site-time'
import { answeredSurvey, refusedSurvey } from '../data/fixtures'
import { flowCount, fmpStatus } from '../helpers/records'
import { phoneInTimeZone } from './helpers/phone-time-zone'
import { renderApp } from './helpers/render-app'

// the phone is set to Los Angeles (UTC-8): at 00:30 in Niger on the 30th it says 15:30 on the 29th
const PHONE_TZ = 'America/Los_Angeles'
const NOW = new Date('2026-11-29T23:30:00Z')
phoneInTimeZone(PHONE_TZ)

// jsdom has neither matchMedia nor a canvas: the chart's module is not even fetched, and
// its space stays empty (the figures say the same in words)

const tally = (overrides: Partial<FlowCount>) =>
  flowCount({
    siteCode: 'ARL-FMP',
    men: 0,
    women: 0,
    boys: 0,
    girls: 0,
    unaccompaniedChildren: 0,
    childrenUnder5: 0,
    elderly: 0,
    pregnantWomen: 0,
    withDisability: 0,
    ...overrides,
  })

/** Two tallies today (one each way), one just before midnight yesterday, one at another FMP. */
const todayIn = tally({
  observedAt: '2026-11-30T00:10:00+01:00',
  direction: 'incoming',
  transport: 'bus',
  men: 3,
  women: 1,
  boys: 1,
  childrenUnder5: 1,
  pregnantWomen: 1,
  total: 5,
  nationalities: [
    { country: 'NGA', count: 4 },
    { country: 'OOO', count: 1 },
  ],
})
const todayOut = tally({
  observedAt: '2026-11-30T00:20:00+01:00',
  direction: 'outgoing',
  transport: 'truck',
  men: 6,
  boys: 1,
  girls: 1,
  unaccompaniedChildren: 2,
  total: 8,
  nationalities: [
    { country: 'NGA', count: 2 },
    { country: 'MLI', count: 6 },
  ],
})
const lateYesterday = tally({
  observedAt: '2026-11-29T23:50:00+01:00',
  direction: 'outgoing',
  transport: 'truck',
  men: 10,
  total: 10,
  nationalities: [{ country: 'MLI', count: 10 }],
})
const elsewhere = tally({
  siteCode: 'MAD-FMP',
  observedAt: '2026-11-30T00:15:00+01:00',
  men: 7,
  total: 7,
  nationalities: [{ country: 'OOO', count: 7 }],
})

/** A tally of two more people today, saved after Today was first read. */
const twoMoreToday = () =>
  tally({ observedAt: '2026-11-30T00:25:00+01:00', men: 2, total: 2, nationalities: [{ country: 'NGA', count: 2 }] })

async function seedWeek(db: RelaisDb) {
  for (const record of [todayIn, todayOut, lateYesterday, elsewhere]) await saveRecord(db, 'flowCount', record)
  // the server acknowledged all but today's outgoing tally
  for (const id of [todayIn.id, lateYesterday.id, elsewhere.id])
    await db.flowCounts.update(id, { state: 'sent', syncedRev: 1 })
  await saveRecord(
    db,
    'fmpStatus',
    fmpStatus({ siteCode: 'ARL-FMP', from: '2026-11-27T00:00:00+01:00', to: '2026-11-28T00:00:00+01:00' }),
  )
  // a closure at another FMP says nothing of Arlit
  await saveRecord(
    db,
    'fmpStatus',
    fmpStatus({ siteCode: 'MAD-FMP', from: '2026-11-28T00:00:00+01:00', to: '2026-11-29T00:00:00+01:00' }),
  )
}

async function openToday(seed?: (db: RelaisDb) => Promise<void>) {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW })
  const app = await renderApp({ path: '/today', role: 'monitor', sites: ['ARL-FMP'], ...(seed ? { seed } : {}) })
  await screen.findByRole('heading', { name: 'Today', level: 1 })
  return app
}

const figure = (list: HTMLElement, label: string) =>
  within(list).getByText(label, { selector: 'dt' }).nextElementSibling?.textContent

describe('Today', () => {
  it('counts the FMP’s local day in Niger, both directions, whatever the phone’s time zone', async () => {
    expect(new Date(NOW).getTimezoneOffset()).toBe(480) // the phone really is elsewhere
    await openToday(seedWeek)

    const day = await screen.findByRole('region', { name: 'Nov 30, 2026' })
    expect(await within(day).findByText('13 people counted today. 2 tallies.')).toBeInTheDocument()
    const [people, ofWhich] = day.querySelectorAll('dl') as unknown as HTMLElement[]
    expect(figure(people!, 'Incoming')).toBe('5')
    expect(figure(people!, 'Outgoing')).toBe('8')
    expect(figure(people!, 'Men')).toBe('9')
    expect(figure(people!, 'Women')).toBe('1')
    expect(figure(people!, 'Boys')).toBe('2')
    expect(figure(people!, 'Girls')).toBe('1')
    expect(figure(ofWhich!, 'Unaccompanied children')).toBe('2')
    expect(figure(ofWhich!, 'Children under 5')).toBe('1')
    expect(figure(ofWhich!, 'Pregnant women')).toBe('1')
    expect(figure(ofWhich!, 'Elderly')).toBe('0')
    // nationalities: most first, a tie in code order; unknown last
    const countries = within(day).getByRole('heading', { name: 'Top nationalities' }).nextElementSibling as HTMLElement
    expect(
      within(countries)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Mali: 6', 'Nigeria: 6', 'Unknown: 1'])
    const transport = within(day).getByRole('heading', { name: 'Transport' }).nextElementSibling as HTMLElement
    expect(
      within(transport)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Truck: 8', 'Bus: 5'])
    expect(screen.getByText('1 tally not yet sent. 1 closure or no-flow record not yet sent.')).toBeInTheDocument()

    // today's tallies, latest first, each with a link to correct it
    const todays = screen.getByRole('list', { name: "Today's tallies" })
    const rows = within(todays).getAllByRole('listitem')
    expect(rows.map((r) => r.querySelector('.record-title')?.textContent)).toEqual([
      '00:20 · Outgoing · Truck · 8 people',
      '00:10 · Incoming · Bus · 5 people',
    ])
    expect(within(rows[0]!).getByText('Saved on this phone')).toBeInTheDocument()
    expect(within(rows[1]!).getByText('Sent')).toBeInTheDocument()
    expect(within(rows[0]!).getByRole('link', { name: /^Correct/ })).toHaveAttribute('href', `/tally/${todayOut.id}`)

    // the week: the tally at 23:50 is yesterday's; a closed day reads apart from a day without data
    const week = screen.getByRole('list', { name: 'Last 7 days' })
    const days = within(week)
      .getAllByRole('listitem')
      .map((li) => li.textContent)
    expect(days.slice(0, 4)).toEqual([
      'Nov 30, 2026Incoming 5 · Outgoing 8 · 13 people',
      'Nov 29, 2026Outgoing 10 · 10 people',
      'Nov 28, 2026No data: no tally and nothing recorded for this day.',
      'Nov 27, 2026Closed all day: the post was recorded as closed.',
    ])
    expect(days).toHaveLength(7)
  })

  it('names each Correct link by its tally, so that a list of links tells them apart', async () => {
    await openToday(seedWeek)
    const todays = await screen.findByRole('list', { name: "Today's tallies" })
    const links = await within(todays).findAllByRole('link')
    // in the link's own text (hidden from sight, the row shows it), not through a reference:
    // every screen reader and every tool that reads the link reads its tally
    expect(links.map((link) => [link.textContent, link.getAttribute('href')])).toEqual([
      ['Correct 00:20 · Outgoing · Truck · 8 people', `/tally/${todayOut.id}`],
      ['Correct 00:10 · Incoming · Bus · 5 people', `/tally/${todayIn.id}`],
    ])
    expect(links.map((link) => link.querySelector('.visually-hidden')?.textContent)).toEqual([
      '00:20 · Outgoing · Truck · 8 people',
      '00:10 · Incoming · Bus · 5 people',
    ])
    // the visible word first, as said by voice control
    expect(links[0]).toHaveAccessibleName('Correct 00:20 · Outgoing · Truck · 8 people')
    expect(links[1]).toHaveAccessibleName('Correct 00:10 · Incoming · Bus · 5 people')
  })

  it('lists today’s tallies newest first throughout: by the whole time, then the latest made first', async () => {
    const at = (observedAt: string, people: number) =>
      tally({ observedAt, men: people, total: people, nationalities: [{ country: 'NGA', count: people }] })
    // made in this order (ids in time order), as three tallies in one minute are
    const first0021 = at('2026-11-30T00:21:00+01:00', 15)
    const first0023 = at('2026-11-30T00:23:00+01:00', 7)
    const second0023 = at('2026-11-30T00:23:00+01:00', 8)
    const second0021 = at('2026-11-30T00:21:00+01:00', 4)
    // a few seconds later in the same minute, and a time written in UTC (00:22 in Niger)
    const later0021 = at('2026-11-30T00:21:30+01:00', 6)
    const utc0022 = at('2026-11-29T23:22:00Z', 3)
    await openToday(async (db) => {
      for (const record of [first0021, first0023, second0023, second0021, later0021, utc0022])
        await saveRecord(db, 'flowCount', record)
    })
    const todays = await screen.findByRole('list', { name: "Today's tallies" })
    await waitFor(() => expect(within(todays).getAllByRole('listitem')).toHaveLength(6))
    expect(
      within(todays)
        .getAllByRole('link')
        .map((link) => link.getAttribute('href')),
    ).toEqual([second0023, first0023, utc0022, later0021, second0021, first0021].map((r) => `/tally/${r.id}`))
    expect(
      within(todays)
        .getAllByRole('listitem')
        .map((row) => row.querySelector('.record-title')?.textContent),
    ).toEqual([
      '00:23 · Outgoing · Truck · 8 people',
      '00:23 · Outgoing · Truck · 7 people',
      '00:22 · Outgoing · Truck · 3 people',
      '00:21 · Outgoing · Truck · 6 people',
      '00:21 · Outgoing · Truck · 4 people',
      '00:21 · Outgoing · Truck · 15 people',
    ])
  })

  it('counts the FMP’s surveys not yet sent with the rest', async () => {
    await openToday(async (db) => {
      await saveRecord(db, 'flowCount', todayIn)
      await db.flowCounts.update(todayIn.id, { state: 'sent', syncedRev: 1 })
      const waiting = [
        { ...refusedSurvey(), siteCode: 'ARL-FMP' },
        { ...answeredSurvey(), siteCode: 'ARL-FMP' },
      ]
      const sent = { ...refusedSurvey(), siteCode: 'ARL-FMP' }
      // another point's survey is said on that point's Today
      const elsewhereSurvey = { ...refusedSurvey(), siteCode: 'MAD-FMP' }
      for (const survey of [...waiting, sent, elsewhereSurvey]) await saveRecord(db, 'survey', survey)
      await db.surveys.update(sent.id, { state: 'sent', syncedRev: 1 })
    })
    expect(await screen.findByText('2 surveys not yet sent.')).toBeInTheDocument()
    expect(screen.queryByText('Everything recorded at this point has been sent.')).not.toBeInTheDocument()
  })

  it('never says everything was sent while a tally of the point was refused by the server', async () => {
    await openToday(async (db) => {
      await saveRecord(db, 'flowCount', todayIn)
      await db.flowCounts.update(todayIn.id, { state: 'rejected' })
      // another point's refused tally is said on that point's Today
      await saveRecord(db, 'flowCount', elsewhere)
      await db.flowCounts.update(elsewhere.id, { state: 'rejected' })
    })
    expect(await screen.findByText('1 tally needs attention.')).toBeInTheDocument()
    expect(screen.queryByText('Everything recorded at this point has been sent.')).not.toBeInTheDocument()
  })

  it('writes a label and its value in the language’s own way (a space before the colon in French)', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW })
    await renderApp({ path: '/today', role: 'monitor', sites: ['ARL-FMP'], seed: seedWeek, lang: 'fr' })
    await screen.findByRole('heading', { name: 'Principales nationalités' })
    const listed = (heading: string) =>
      within(screen.getByRole('heading', { name: heading }).nextElementSibling as HTMLElement)
        .getAllByRole('listitem')
        .map((li) => li.textContent)
    expect(listed('Principales nationalités')).toEqual(['Mali : 6', 'Nigéria : 6', 'Inconnue : 1'])
    expect(listed('Transport')).toEqual(['Camion : 8', 'Bus : 5'])
  })

  it('lists the day’s latest 20 tallies, and all of them when asked, while the figures count every one', async () => {
    const { user } = await openToday(async (db) => {
      for (let i = 0; i < 25; i++) {
        const minute = String(i).padStart(2, '0')
        await saveRecord(
          db,
          'flowCount',
          tally({
            observedAt: `2026-11-30T00:${minute}:00+01:00`,
            men: 1,
            total: 1,
            nationalities: [{ country: 'NGA', count: 1 }],
          }),
        )
      }
    })
    const day = await screen.findByRole('region', { name: 'Nov 30, 2026' })
    expect(await within(day).findByText('25 people counted today. 25 tallies.')).toBeInTheDocument()
    const todays = screen.getByRole('list', { name: "Today's tallies" })
    // the first rows come with the figures, the others just after
    await waitFor(() => expect(within(todays).getAllByRole('listitem')).toHaveLength(20))
    expect(within(todays).getAllByRole('listitem')[0]?.querySelector('.record-title')?.textContent).toMatch(/^00:24 /)
    await user.click(screen.getByRole('button', { name: 'Show all 25 tallies of today' }))
    expect(within(todays).getAllByRole('listitem')).toHaveLength(25)
    expect(screen.queryByRole('button', { name: /Show all/ })).not.toBeInTheDocument()
  })

  it('records that the FMP is closed today: refused with the message at the field, then saved and shown', async () => {
    const { user, db } = await openToday()
    const today = await screen.findByRole('region', { name: 'Nov 30, 2026' })
    expect(await within(today).findByText('No data: no tally and nothing recorded for this day.')).toBeInTheDocument()
    expect(screen.getByText('Everything recorded at this point has been sent.')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Closed today · No flow seen' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByRole('link', { name: 'What happened: Required.' })).toBeInTheDocument()

    await user.click(screen.getByRole('radio', { name: 'Closed' }))
    const until = screen.getByLabelText('Until')
    expect(until).toHaveValue('2026-11-30T23:59')
    await user.clear(until)
    await user.type(until, '2026-11-29T12:00')
    await user.type(screen.getByLabelText('Reason (optional)'), 'Tempête de sable')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByRole('link', { name: 'Until: The end must come after the start.' })).toBeInTheDocument()
    expect(until).toHaveAccessibleDescription(/The end must come after the start\./)
    expect(screen.getByLabelText('Reason (optional)')).toHaveValue('Tempête de sable')
    expect(await listRecords(db, 'fmpStatus')).toHaveLength(0)

    await user.clear(until)
    await user.type(until, '2026-11-30T23:59')
    await user.click(screen.getByRole('button', { name: 'Save' }))

    expect(await within(today).findByText('Closed all day: the post was recorded as closed.')).toBeInTheDocument()
    expect(screen.getByText('Saved on this phone.')).toBeInTheDocument()
    expect(screen.getByText('1 closure or no-flow record not yet sent.')).toBeInTheDocument()
    const [status] = await listRecords(db, 'fmpStatus')
    expect(status?.data).toMatchObject({
      siteCode: 'ARL-FMP',
      kind: 'closed',
      from: '2026-11-30T00:00:00+01:00',
      to: '2026-11-30T23:59:00+01:00',
      reason: 'Tempête de sable',
    })
    expect(status?.state).toBe('pending')
    const statuses = screen.getByRole('list', { name: 'Closed or no flow' })
    expect(within(statuses).getByText('Tempête de sable')).toBeInTheDocument()
    expect(within(statuses).getByText('Saved on this phone')).toBeInTheDocument()

    // recorded by mistake: removed, and the day reads as a day without data again
    await user.click(within(statuses).getByRole('button', { name: 'Remove' }))
    await user.click(within(statuses).getByRole('button', { name: 'Yes, remove' }))
    expect(await within(today).findByText('No data: no tally and nothing recorded for this day.')).toBeInTheDocument()
    expect(await listRecords(db, 'fmpStatus')).toHaveLength(0)
    expect(screen.getByText('Everything recorded at this point has been sent.')).toBeInTheDocument()
  })

  it('reads a day with tallies as counted even when no flow was recorded for part of it', async () => {
    await openToday(async (db) => {
      await saveRecord(db, 'flowCount', todayIn)
      await saveRecord(
        db,
        'fmpStatus',
        fmpStatus({
          siteCode: 'ARL-FMP',
          kind: 'no_flow',
          from: '2026-11-30T00:00:00+01:00',
          to: '2026-11-30T00:05:00+01:00',
        }),
      )
    })
    const today = await screen.findByRole('region', { name: 'Nov 30, 2026' })
    expect(await within(today).findByText('5 people counted today. 1 tally.')).toBeInTheDocument()
    expect(within(today).getByText('No flow was also recorded for part of the day.')).toBeInTheDocument()
    expect(screen.getByText('1 tally not yet sent. 1 closure or no-flow record not yet sent.')).toBeInTheDocument()
  })

  it('tells a day closed or without flow all day from part of it, as the supervisors’ figures and exports do', async () => {
    await openToday(async (db) => {
      const status = (kind: 'closed' | 'no_flow', from: string, to: string) =>
        saveRecord(db, 'fmpStatus', fmpStatus({ siteCode: 'ARL-FMP', kind, from, to }))
      await saveRecord(db, 'flowCount', todayIn)
      // the export's no_flow_part_of_day: no tally, nobody passed 08:00–12:00
      await status('no_flow', '2026-11-25T08:00:00+01:00', '2026-11-25T12:00:00+01:00')
      // closed_part_of_day: without flow all day, but closed an hour, and closed wins
      await status('no_flow', '2026-11-26T00:00:00+01:00', '2026-11-27T00:00:00+01:00')
      await status('closed', '2026-11-26T12:00:00+01:00', '2026-11-26T13:00:00+01:00')
      // closed_part_of_day: three hours before dawn
      await status('closed', '2026-11-27T03:00:00+01:00', '2026-11-27T06:00:00+01:00')
      // closed all day in two records, the second until 23:59 (as "Closed today" saves it)
      await status('closed', '2026-11-28T00:00:00+01:00', '2026-11-28T12:00:00+01:00')
      await status('closed', '2026-11-28T12:00:00+01:00', '2026-11-28T23:59:00+01:00')
      // no_flow: the whole day
      await status('no_flow', '2026-11-29T00:00:00+01:00', '2026-11-30T00:00:00+01:00')
      // today counted, yet recorded closed all day
      await status('closed', '2026-11-30T00:00:00+01:00', '2026-11-30T23:59:00+01:00')
    })
    const today = await screen.findByRole('region', { name: 'Nov 30, 2026' })
    expect(await within(today).findByText('5 people counted today. 1 tally.')).toBeInTheDocument()
    expect(within(today).getByText('The post was also recorded as closed all day.')).toBeInTheDocument()
    const week = screen.getByRole('list', { name: 'Last 7 days' })
    const days = within(week)
      .getAllByRole('listitem')
      .map((li) => li.textContent)
    expect(days.slice(1, 6)).toEqual([
      'Nov 29, 2026No flow all day: the post was open and nobody passed.',
      'Nov 28, 2026Closed all day: the post was recorded as closed.',
      'Nov 27, 2026Closed part of the day: the post was recorded as closed for a while; no tally the rest of the day.',
      'Nov 26, 2026Closed part of the day: the post was recorded as closed for a while; no tally the rest of the day.',
      'Nov 25, 2026No flow part of the day: nobody passed for a while; no tally the rest of the day.',
    ])
  })

  it('says in the week’s list that a past day with tallies was also closed or without flow, as the exports do', async () => {
    await openToday(async (db) => {
      await saveRecord(db, 'flowCount', lateYesterday)
      // yesterday: counted, and closed 08:00–10:00 (the export's closed_part_of_day)
      await saveRecord(
        db,
        'fmpStatus',
        fmpStatus({ siteCode: 'ARL-FMP', from: '2026-11-29T08:00:00+01:00', to: '2026-11-29T10:00:00+01:00' }),
      )
    })
    const week = await screen.findByRole('list', { name: 'Last 7 days' })
    const yesterday = (await within(week).findByText('Nov 29, 2026')).closest('li')
    expect(yesterday).toHaveTextContent(
      'Nov 29, 2026Outgoing 10 · 10 peopleThe post was also recorded as closed for part of the day.',
    )
  })

  it('shows one FMP at a time to a monitor of two', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW })
    const { user } = await renderApp({
      path: '/today',
      role: 'monitor',
      sites: ['ARL-FMP', 'MAD-FMP'],
      seed: seedWeek,
    })
    const picker = await screen.findByLabelText('Flow monitoring point')
    expect(await screen.findByText('13 people counted today. 2 tallies.')).toBeInTheDocument()
    await user.selectOptions(picker, 'MAD-FMP')
    expect(await screen.findByText('7 people counted today. 1 tally.')).toBeInTheDocument()
    const week = screen.getByRole('list', { name: 'Last 7 days' })
    expect(within(week).getByText('Nov 28, 2026').nextElementSibling).toHaveTextContent(
      'Closed all day: the post was recorded as closed.',
    )
  })

  it('opens at once from a monitor’s home, which keeps it ready, and never with figures a save made old', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW })
    const { user, db } = await renderApp({ path: '/', role: 'monitor', sites: ['ARL-FMP'], seed: seedWeek })
    const tile = await screen.findByRole('link', { name: 'Today' })
    // the home reads Today in an idle moment (twice on a new phone: its first read marks the
    // flow rows indexed, a write that makes the read it is part of old)
    await waitFor(() => expect(keptToday(db).snapshot()?.data?.week).toHaveLength(7), { timeout: 5_000 })

    await user.click(tile)
    // drawn in the screen's first render: no "Loading…" in between
    const day = screen.getByRole('region', { name: 'Nov 30, 2026' })
    expect(within(day).getByText('13 people counted today. 2 tallies.')).toBeInTheDocument()
    expect(screen.queryByText('Loading…')).not.toBeInTheDocument()

    // a tally saved meanwhile (from another screen, or pulled): Today opened again shows it, never the old day
    await user.click(screen.getByRole('link', { name: /Relais/ }))
    await saveRecord(db, 'flowCount', twoMoreToday())
    await user.click(await screen.findByRole('link', { name: 'Today' }))
    expect(screen.queryByText('13 people counted today. 2 tallies.')).not.toBeInTheDocument()
    expect(await screen.findByText('15 people counted today. 3 tallies.')).toBeInTheDocument()
  })

  it('is read again as soon as a monitor comes home, without waiting for an idle moment', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: NOW })
    const { user, db } = await renderApp({ path: '/', role: 'monitor', sites: ['ARL-FMP'], seed: seedWeek })
    await waitFor(() => expect(keptToday(db).snapshot()?.data?.week).toHaveLength(7), { timeout: 5_000 })
    await user.click(screen.getByRole('link', { name: 'Survey' })) // away from home, and not on Today
    await screen.findByRole('heading', { name: 'Flow monitoring survey', level: 1 })
    // from now on the page is never idle: only home's own read can make Today fresh again
    vi.stubGlobal('requestIdleCallback', () => 0)
    try {
      await saveRecord(db, 'flowCount', twoMoreToday())
      await waitFor(() => expect(keptToday(db).snapshot()).toBeUndefined()) // made old by the save
      await user.click(screen.getByRole('link', { name: /Relais/ }))
      await waitFor(() => expect(keptToday(db).snapshot()?.data?.week[6]?.totals.tallies).toBe(3))
    } finally {
      vi.unstubAllGlobals()
    }
  })
})

/** What the home keeps of Today for the test's monitor (the default point, the site's day). */
function keptToday(db: RelaisDb) {
  return todayRead(db, { role: 'monitor', sites: ['ARL-FMP'] }, '', siteDay())
}
