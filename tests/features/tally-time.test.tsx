/**
 * A tally's time: the time of its save while the monitor leaves the field as it opened
 * (never the form's opening or the last save's), the monitor's own when typed (a draft
 * keeps it), read as site time in Niger whatever the phone's time zone; never later than
 * now, but for a clock a little off.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { RelaisDb } from '@/data/db'
import { saveDraft } from '@/data/drafts'
import { getRecord, listRecords, saveRecord } from '@/data/records'
import { TALLY_DRAFT_KEY } from '@/features/flow-counts/tally-form'
import { newTallyValues } from '@/features/flow-counts/tally-values'
import { flowCount } from '../helpers/records'
import { phoneInTimeZone } from './helpers/phone-time-zone'
import { renderApp } from './helpers/render-app'

// the phone is set to Los Angeles (UTC-8): 03:16 in Niger is 18:16 the day before there
const PHONE_TZ = 'America/Los_Angeles'
phoneInTimeZone(PHONE_TZ)

/** `hh:mm:ss` on 30 Nov 2026 in Niger (UTC+1). */
const niamey = (time: string) => new Date(`2026-11-30T${time}+01:00`)
const ROUTE = {
  direction: 'outgoing',
  transport: 'truck',
  departureCountry: 'NER',
  departureTown: '',
  destinationCountry: 'LBY',
  destinationTown: '',
  flowType: 'economic_long_term',
}

async function openTally(seed?: (db: RelaisDb) => Promise<void>) {
  vi.useFakeTimers({ toFake: ['Date'], now: niamey('03:16:20') })
  const app = await renderApp({ path: '/tally', role: 'monitor', sites: ['ARL-FMP'], ...(seed ? { seed } : {}) })
  await screen.findByRole('heading', { name: 'Tally', level: 1 })
  return app
}

type User = Awaited<ReturnType<typeof renderApp>>['user']

async function saveOneAt(user: User, time: string, n: number) {
  await user.click(screen.getByLabelText('Men +1', { selector: 'button' }))
  vi.setSystemTime(niamey(time))
  await user.click(screen.getByText('Save tally', { selector: 'button' }))
  await screen.findByText(new RegExp(`^Tally ${n} saved on this phone`))
}

const savedTimes = async (db: RelaisDb) =>
  (await listRecords(db, 'flowCount')).map((r) => r.data.observedAt).sort((a, b) => a.localeCompare(b))

describe('the time of a tally', () => {
  it('is the time of the save while the monitor leaves it; a time typed is kept', async () => {
    expect(niamey('03:16:20').getTimezoneOffset()).toBe(480) // the phone really is elsewhere
    const { user, db } = await openTally()
    const time = screen.getByLabelText('Date and time')
    expect(time).toHaveValue('2026-11-30T03:16')
    await user.click(within(screen.getByRole('group', { name: 'Direction' })).getByLabelText('Outgoing'))
    await user.selectOptions(screen.getByLabelText('Transport'), 'truck')
    await user.selectOptions(screen.getByLabelText('Departure country'), 'NER')
    await user.selectOptions(screen.getByLabelText('Destination country'), 'LBY')
    await user.selectOptions(screen.getByLabelText('Type of flow'), 'economic_long_term')

    await saveOneAt(user, '03:17:05', 1)
    // the next tally shows the time now
    expect(screen.getByLabelText('Date and time')).toHaveValue('2026-11-30T03:17')
    await saveOneAt(user, '03:18:40', 2)
    await saveOneAt(user, '03:19:59', 3)
    expect(screen.getByLabelText('Date and time')).toHaveValue('2026-11-30T03:19')
    expect(await savedTimes(db)).toEqual([
      '2026-11-30T03:17:00+01:00',
      '2026-11-30T03:18:00+01:00',
      '2026-11-30T03:19:00+01:00',
    ])

    // a time the monitor typed is the tally's, whenever it is saved
    fireEvent.change(screen.getByLabelText('Date and time'), { target: { value: '2026-11-30T03:05' } })
    await saveOneAt(user, '03:21:10', 4)
    expect((await savedTimes(db))[0]).toBe('2026-11-30T03:05:00+01:00')
    // and the next one takes its save's time again
    expect(screen.getByLabelText('Date and time')).toHaveValue('2026-11-30T03:21')
    await saveOneAt(user, '03:22:30', 5)
    expect((await savedTimes(db)).at(-1)).toBe('2026-11-30T03:22:00+01:00')
  })

  it('follows the clock while nobody set it: past midnight in Niger, the form shows the new day it saves under', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'], now: niamey('23:59:20') })
    await renderApp({ path: '/tally', role: 'monitor', sites: ['ARL-FMP'] })
    await screen.findByRole('heading', { name: 'Tally', level: 1 })
    expect(screen.getByLabelText('Date and time')).toHaveValue('2026-11-30T23:59')
    act(() => vi.advanceTimersByTime(60_000))
    await waitFor(() => expect(screen.getByLabelText('Date and time')).toHaveValue('2026-12-01T00:00'))
    // a time the monitor typed stays as typed
    fireEvent.change(screen.getByLabelText('Date and time'), { target: { value: '2026-11-30T23:50' } })
    act(() => vi.advanceTimersByTime(120_000))
    expect(screen.getByLabelText('Date and time')).toHaveValue('2026-11-30T23:50')
  })

  it('keeps a time typed before a reload, and takes the save’s time for a draft whose time nobody set', async () => {
    const typed = { ...newTallyValues('ARL-FMP', ROUTE, niamey('02:40:00')), observedAt: '2026-11-30T02:55' }
    const first = await openTally((db) =>
      saveDraft(db, TALLY_DRAFT_KEY, { ...typed, timeSet: true, counts: { ...typed.counts, men: '2' } }),
    )
    expect(screen.getByLabelText('Date and time')).toHaveValue('2026-11-30T02:55')
    vi.setSystemTime(niamey('03:17:00'))
    await first.user.click(screen.getByText('Save tally', { selector: 'button' }))
    await screen.findByText(/^Tally \d saved on this phone/)
    expect(await savedTimes(first.db)).toEqual(['2026-11-30T02:55:00+01:00'])
    first.unmount()
    vi.useRealTimers()

    // a draft left at 02:40 with the time as the form opened: it shows, and is saved at, the time now
    const untouched = newTallyValues('ARL-FMP', ROUTE, niamey('02:40:00'))
    const second = await openTally((db) =>
      saveDraft(db, TALLY_DRAFT_KEY, { ...untouched, counts: { ...untouched.counts, women: '1' } }),
    )
    expect(screen.getByLabelText('Women')).toHaveValue('1')
    expect(screen.getByLabelText('Date and time')).toHaveValue('2026-11-30T03:16')
    vi.setSystemTime(niamey('03:18:00'))
    await second.user.click(screen.getByText('Save tally', { selector: 'button' }))
    await screen.findByText(/^Tally \d saved on this phone/)
    await waitFor(async () => expect(await savedTimes(second.db)).toEqual(['2026-11-30T03:18:00+01:00']))
  })
})

describe('a tally in the future', () => {
  const FUTURE = 'This time is still to come: a tally counts people already seen.'

  it('is refused at the field on a new tally; a few minutes ahead (a clock a little off) are allowed', async () => {
    const { user, db } = await openTally()
    vi.setSystemTime(niamey('03:20:00'))
    await user.click(within(screen.getByRole('group', { name: 'Direction' })).getByLabelText('Outgoing'))
    await user.selectOptions(screen.getByLabelText('Transport'), 'truck')
    await user.selectOptions(screen.getByLabelText('Departure country'), 'NER')
    await user.selectOptions(screen.getByLabelText('Destination country'), 'LBY')
    await user.selectOptions(screen.getByLabelText('Type of flow'), 'economic_long_term')
    await user.click(screen.getByLabelText('Men +1', { selector: 'button' }))
    const time = screen.getByLabelText('Date and time')
    fireEvent.change(time, { target: { value: '2026-11-30T22:00' } })
    await user.click(screen.getByText('Save tally', { selector: 'button' }))

    expect(await screen.findByRole('link', { name: `Date and time: ${FUTURE}` })).toBeInTheDocument()
    expect(time).toHaveAccessibleDescription(FUTURE)
    expect(time).toHaveValue('2026-11-30T22:00')
    expect(await listRecords(db, 'flowCount')).toHaveLength(0)

    fireEvent.change(time, { target: { value: '2026-11-30T03:27' } })
    await waitFor(() => expect(time).not.toHaveAccessibleDescription(FUTURE))
    await user.click(screen.getByText('Save tally', { selector: 'button' }))
    await screen.findByText(/^Tally \d saved on this phone/)
    expect(await savedTimes(db)).toEqual(['2026-11-30T03:27:00+01:00'])
  })

  it('is refused at the field on a correction', async () => {
    const tally = flowCount({ siteCode: 'ARL-FMP', observedAt: '2026-11-30T03:00:00+01:00' })
    vi.useFakeTimers({ toFake: ['Date'], now: niamey('03:20:00') })
    const { user, db } = await renderApp({
      path: `/tally/${tally.id}`,
      role: 'monitor',
      sites: ['ARL-FMP'],
      seed: (db) => saveRecord(db, 'flowCount', tally).then(() => undefined),
    })
    const time = await screen.findByLabelText('Date and time')
    expect(time).toHaveValue('2026-11-30T03:00')
    fireEvent.change(time, { target: { value: '2026-11-30T22:00' } })
    await user.click(screen.getByText('Save tally', { selector: 'button' }))
    expect(await screen.findByRole('link', { name: `Date and time: ${FUTURE}` })).toBeInTheDocument()
    expect(time).toHaveAccessibleDescription(FUTURE)
    expect((await getRecord(db, 'flowCount', tally.id))?.data.observedAt).toBe('2026-11-30T03:00:00+01:00')
  })
})
