import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { listRecords, saveRecord } from '@/data/records'
import { loadTallyPrefs, saveTallyPrefs } from '@/data/tally-prefs'
import { siteDay } from '@/shared/site-time'
import { flowCount } from '../helpers/records'
import { renderApp, type RenderAppOptions } from './helpers/render-app'

type User = Awaited<ReturnType<typeof renderApp>>['user']

async function openTally(options: RenderAppOptions = {}) {
  const app = await renderApp({ path: '/tally', role: 'monitor', ...options })
  await screen.findByRole('heading', { name: 'Tally', level: 1 })
  return app
}

const total = () => screen.getByText(/^Total: \d+$/)
const ROUTE = { direction: 'outgoing', transport: 'truck', departureCountry: 'NER', departureTown: 'Agadez' }

describe('tally form', () => {
  it('updates the running total as the steppers are tapped', async () => {
    const { user } = await openTally()
    expect(total()).toHaveTextContent('Total: 0')
    await user.click(screen.getByLabelText('Men +1', { selector: 'button' }))
    await user.click(screen.getByLabelText('Men +1', { selector: 'button' }))
    await user.click(screen.getByLabelText('Girls +1', { selector: 'button' }))
    expect(screen.getByLabelText('Men')).toHaveValue('2')
    expect(total()).toHaveTextContent('Total: 3')
    await user.click(screen.getByLabelText('Men -1', { selector: 'button' }))
    expect(total()).toHaveTextContent('Total: 2')
    expect(screen.getByLabelText('Women -1', { selector: 'button' })).toBeDisabled()
  })

  it('opens the next tally at once with the same route, the counts empty', async () => {
    const { user, db } = await openTally()
    await fillHeader(user)
    await user.type(screen.getByLabelText('Departure town (optional)'), 'Agadez')
    await user.click(screen.getByLabelText('Men +1', { selector: 'button' }))
    await user.click(screen.getByLabelText('Men +1', { selector: 'button' }))
    await user.click(screen.getByText('Save tally', { selector: 'button' }))

    expect(await screen.findByText('Tally 1 saved on this phone: 2 people. The next one is ready.')).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: 'Tally', level: 1 })).toBeInTheDocument()
    const same = screen.getByRole('group', { name: 'Same as last' })
    expect(same).toHaveTextContent('Outgoing · Truck · Niger (Agadez) → Libya · Economic')
    expect(screen.queryByRole('group', { name: 'Direction' })).not.toBeInTheDocument()
    expect(screen.getByLabelText('Men')).toHaveValue('')
    expect(total()).toHaveTextContent('Total: 0')
    // focus moves once the next tally is drawn (an effect after the saved notice)
    await waitFor(() => expect(screen.getByLabelText('Men +1', { selector: 'button' })).toHaveFocus())

    await user.click(screen.getByLabelText('Women +1', { selector: 'button' }))
    await user.click(screen.getByText('Save tally', { selector: 'button' }))
    expect(await screen.findByText('Tally 2 saved on this phone: 1 person. The next one is ready.')).toBeInTheDocument()

    const saved = (await listRecords(db, 'flowCount')).map((r) => r.data)
    expect(saved).toHaveLength(2)
    for (const tally of saved) {
      expect(tally).toMatchObject({ ...ROUTE, siteCode: 'ARL-FMP', destinationCountry: 'LBY' })
    }
    expect(saved.map((t) => [t.men, t.women]).sort()).toEqual([
      [0, 1],
      [2, 0],
    ])
    // nothing left as a draft: the carried-over route is not typing
    await waitFor(async () => expect(await db.drafts.count()).toBe(0))

    // one tap to change it: the route's fields, as they were
    await user.click(
      within(screen.getByRole('group', { name: 'Same as last' })).getByRole('button', { name: 'Change' }),
    )
    expect(within(screen.getByRole('group', { name: 'Direction' })).getByLabelText('Outgoing')).toBeChecked()
    expect(screen.getByLabelText('Transport')).toHaveValue('truck')
  })

  it('confirms a save in the bar at the bottom, always in view, until the next tally is begun', async () => {
    const { user } = await openTally()
    await fillHeader(user)
    // the bar is sticky (styles.css .tally-footer): the monitor sees it wherever the form is scrolled
    const bar = screen.getByText('Save tally', { selector: 'button' }).closest('.tally-footer') as HTMLElement
    // announced: the live region is there before the save
    const [region] = within(bar)
      .getAllByRole('status')
      .filter((el) => el.tagName !== 'OUTPUT') // the running total is one too
    expect(region).toBeEmptyDOMElement()
    await user.click(screen.getByLabelText('Men +1', { selector: 'button' }))
    await user.click(screen.getByText('Save tally', { selector: 'button' }))
    await waitFor(() =>
      expect(region).toHaveTextContent('Tally 1 saved on this phone: 1 person. The next one is ready.'),
    )
    expect(within(bar).getByText(/^Total:/)).toHaveTextContent('Total: 0')
    await waitFor(() => expect(screen.getByLabelText('Men +1', { selector: 'button' })).toHaveFocus())
    // said once: not again at the top of the form, out of view
    expect(screen.getAllByText(/Tally 1 saved on this phone/)).toHaveLength(1)

    // the next tally begun: the bar is the total and Save again
    await user.click(screen.getByLabelText('Men +1', { selector: 'button' }))
    expect(region).toBeEmptyDOMElement()
  })

  it("numbers a save as the day's tallies at the point on this phone, after a reload too", async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-30T10:00:00+01:00') })
    try {
      const at = (siteCode: string, observedAt: string) => flowCount({ siteCode, observedAt })
      const first = await openTally({
        seed: async (db) => {
          for (let i = 0; i < 5; i++) await saveRecord(db, 'flowCount', at('ARL-FMP', `2026-11-30T0${i}:30:00+01:00`))
          // another point's, and yesterday's at this point, are not this day's here
          await saveRecord(db, 'flowCount', at('MAD-FMP', '2026-11-30T09:00:00+01:00'))
          await saveRecord(db, 'flowCount', at('ARL-FMP', '2026-11-29T23:30:00+01:00'))
        },
      })
      await fillHeader(first.user)
      await first.user.click(screen.getByLabelText('Men +1', { selector: 'button' }))
      await first.user.click(screen.getByText('Save tally', { selector: 'button' }))
      expect(
        await screen.findByText('Tally 6 saved on this phone: 1 person. The next one is ready.'),
      ).toBeInTheDocument()
      first.unmount()

      // the app opened again (a reload, an unlock): the day goes on
      const again = await openTally({ session: first.session })
      await again.user.click(screen.getByLabelText('Women +1', { selector: 'button' }))
      await again.user.click(screen.getByText('Save tally', { selector: 'button' }))
      expect(
        await screen.findByText('Tally 7 saved on this phone: 1 person. The next one is ready.'),
      ).toBeInTheDocument()
    } finally {
      vi.useRealTimers()
    }
  })

  it('names the day of a late entry, whose tallies its number counts', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-30T10:00:00+01:00') })
    try {
      const { user } = await openTally({
        seed: async (db) => {
          // two of today's and one of the day before at the point
          await saveRecord(db, 'flowCount', flowCount({ siteCode: 'ARL-FMP', observedAt: '2026-11-30T08:00:00+01:00' }))
          await saveRecord(db, 'flowCount', flowCount({ siteCode: 'ARL-FMP', observedAt: '2026-11-30T09:00:00+01:00' }))
          await saveRecord(db, 'flowCount', flowCount({ siteCode: 'ARL-FMP', observedAt: '2026-11-29T17:00:00+01:00' }))
        },
      })
      await fillHeader(user)
      fireEvent.change(screen.getByLabelText('Date and time'), { target: { value: '2026-11-29T18:30' } })
      await user.click(screen.getByLabelText('Men +1', { selector: 'button' }))
      await user.click(screen.getByText('Save tally', { selector: 'button' }))
      expect(
        await screen.findByText('Tally 2 of Nov 29, 2026 saved on this phone: 1 person. The next one is ready.'),
      ).toBeInTheDocument()
    } finally {
      vi.useRealTimers()
    }
  })

  it('saves one tally for two quick taps on Save', async () => {
    const { user, db } = await openTally()
    await fillHeader(user)
    await user.click(screen.getByLabelText('Men +1', { selector: 'button' }))
    const save = screen.getByText('Save tally', { selector: 'button' })
    // the second tap lands while the first save runs (the button looks the same meanwhile)
    await user.dblClick(save)
    expect(await screen.findByText('Tally 1 saved on this phone: 1 person. The next one is ready.')).toBeInTheDocument()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(await db.flowCounts.count()).toBe(1)
    expect(screen.queryByText(/^Tally 2 saved/)).not.toBeInTheDocument()
  })

  it('saves on Enter in a field, as a form does', async () => {
    const { user, db } = await openTally()
    await fillHeader(user)
    await user.type(screen.getByLabelText('Men'), '3{Enter}')
    expect(await screen.findByText('Tally 1 saved on this phone: 3 people. The next one is ready.')).toBeInTheDocument()
    expect((await listRecords(db, 'flowCount')).map((r) => r.data.men)).toEqual([3])
  })

  it('clears the carried-over route in one tap', async () => {
    const route = { ...ROUTE, destinationCountry: 'LBY', destinationTown: '', flowType: 'seasonal' }
    const { user } = await openTally({
      seed: (db) => saveTallyPrefs(db, { last: { siteCode: 'ARL-FMP', day: siteDay(), route } }),
    })
    // a tally saved earlier today: the screen opens with its route
    const same = screen.getByRole('group', { name: 'Same as last' })
    expect(same).toHaveTextContent('Seasonal')
    await user.click(within(same).getByRole('button', { name: 'Clear' }))
    expect(screen.queryByRole('group', { name: 'Same as last' })).not.toBeInTheDocument()
    expect(within(screen.getByRole('group', { name: 'Direction' })).getByLabelText('Outgoing')).not.toBeChecked()
    expect(screen.getByLabelText('Departure country')).toHaveValue('')
    expect(screen.getByLabelText('Type of flow')).toHaveValue('')
  })

  it('remembers the flow monitoring point chosen on this phone', async () => {
    const first = await openTally({ sites: ['ARL-FMP', 'MAD-FMP'] })
    expect(screen.getByLabelText('Flow monitoring point')).toHaveValue('')
    await first.user.selectOptions(screen.getByLabelText('Flow monitoring point'), 'MAD-FMP')
    await waitFor(async () => expect((await loadTallyPrefs(first.db)).siteCode).toBe('MAD-FMP'))
    first.unmount()

    await openTally({ sites: ['ARL-FMP', 'MAD-FMP'], session: first.session })
    expect(screen.getByLabelText('Flow monitoring point')).toHaveValue('MAD-FMP')
  })

  it("offers this point's usual countries and nationalities first", async () => {
    const today = new Date().toISOString()
    const at = (destinationCountry: string, nationality: string, count: number) =>
      flowCount({
        siteCode: 'ARL-FMP',
        observedAt: today,
        destinationCountry,
        destinationTown: destinationCountry === 'DZA' ? 'Tamanrasset' : undefined,
        men: count,
        women: 0,
        boys: 0,
        girls: 0,
        unaccompaniedChildren: 0,
        pregnantWomen: 0,
        total: count,
        nationalities: [{ country: nationality, count }],
      })
    await openTally({
      seed: async (db) => {
        for (const tally of [at('DZA', 'TCD', 1), at('DZA', 'SDN', 5), at('DZA', 'TCD', 1), at('LBY', 'TCD', 1)]) {
          await saveRecord(db, 'flowCount', tally)
        }
        // another point's tallies say nothing about this one
        await saveRecord(db, 'flowCount', { ...at('TUN', 'ERI', 9), siteCode: 'MAD-FMP' })
      },
    })
    const usual = async (label: string) => {
      const group = await waitFor(() => {
        const found = within(screen.getByLabelText(label)).getByRole('group', { name: 'Usual at this point' })
        return found
      })
      return within(group)
        .getAllByRole('option')
        .map((o) => o.getAttribute('value'))
    }
    expect(await usual('Destination country')).toEqual(['DZA', 'LBY'])
    expect(await usual('Departure country')).toEqual(['NER'])
    await userAddNationality()
    expect(await usual('Nationality 1')).toEqual(['SDN', 'TCD'])
  })

  it('moves focus to the new nationality picker after "Add a nationality"', async () => {
    const { user } = await openTally()
    const add = screen.getByText(/Add a nationality$/, { selector: 'button' })
    await user.click(add)
    await waitFor(() => expect(screen.getByLabelText('Nationality 1')).toHaveFocus())
    await user.click(add)
    await waitFor(() => expect(screen.getByLabelText('Nationality 2')).toHaveFocus())
    // a row removed moves nobody's focus to a picker
    await user.click(screen.getByRole('button', { name: 'Remove nationality 1' }))
    expect(screen.getByLabelText('Nationality 1')).not.toHaveFocus()
  })

  it('shows the remainder stored as unknown nationality and saves it', async () => {
    const { user, db } = await openTally()
    await fillHeader(user)
    for (let i = 0; i < 3; i++) await user.click(screen.getByLabelText('Men +1', { selector: 'button' }))
    await user.click(screen.getByLabelText('Boys +1', { selector: 'button' }))
    expect(screen.getByText('Unknown nationality: 4')).toBeInTheDocument()

    await user.click(screen.getByText(/Add a nationality$/, { selector: 'button' }))
    await user.selectOptions(screen.getByLabelText('Nationality 1'), 'NGA')
    await user.click(screen.getByLabelText('People of nationality 1 +1', { selector: 'button' }))
    await user.click(screen.getByLabelText('People of nationality 1 +1', { selector: 'button' }))
    expect(screen.getByText('Unknown nationality: 2')).toBeInTheDocument()

    await user.click(screen.getByText('Save tally', { selector: 'button' }))
    await screen.findByText(/Tally 1 saved on this phone/)
    const [record] = await listRecords(db, 'flowCount')
    expect(record?.data).toMatchObject({
      siteCode: 'ARL-FMP',
      direction: 'outgoing',
      transport: 'truck',
      departureCountry: 'NER',
      destinationCountry: 'LBY',
      flowType: 'economic_long_term',
      men: 3,
      boys: 1,
      total: 4,
      nationalities: [
        { country: 'NGA', count: 2 },
        { country: 'OOO', count: 2 },
      ],
    })
    expect(record?.state).toBe('pending')
  })

  it('discards a draft once confirmed', async () => {
    const { user, db } = await openTally()
    await user.click(screen.getByLabelText('Men +1', { selector: 'button' }))
    await waitFor(async () => expect(await db.drafts.get('flowCount:new')).toBeDefined(), { timeout: 2000 })

    await user.click(screen.getByText('Discard draft', { selector: 'button' }))
    await user.click(screen.getByText('No, keep it', { selector: 'button' }))
    expect(screen.getByLabelText('Men')).toHaveValue('1')

    await user.click(screen.getByText('Discard draft', { selector: 'button' }))
    await user.click(screen.getByText('Yes, discard', { selector: 'button' }))
    expect(screen.getByLabelText('Men')).toHaveValue('')
    expect(screen.queryByText('Discard draft', { selector: 'button' })).not.toBeInTheDocument()
    expect(await db.drafts.get('flowCount:new')).toBeUndefined()
    expect(await listRecords(db, 'flowCount')).toHaveLength(0)
  })
})

async function userAddNationality() {
  screen.getByText(/Add a nationality$/, { selector: 'button' }).click()
  await screen.findByLabelText('Nationality 1')
}

async function fillHeader(user: User) {
  await user.click(within(screen.getByRole('group', { name: 'Direction' })).getByLabelText('Outgoing'))
  await user.selectOptions(screen.getByLabelText('Transport'), 'truck')
  await user.selectOptions(screen.getByLabelText('Departure country'), 'NER')
  await user.selectOptions(screen.getByLabelText('Destination country'), 'LBY')
  await user.selectOptions(screen.getByLabelText('Type of flow'), 'economic_long_term')
}
