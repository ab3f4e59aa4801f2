import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RelaisDb } from '@/data/db'
import { getRecord, listRecords, saveRecord } from '@/data/records'
import { applyPushResults } from '@/data/acknowledge'
import { formatSiteTime, siteDateTimeInput, siteInputToIso } from '@/components/dates'
import type { FlowCount } from '@/shared/schemas/flow-count'
import { flowCount } from '../helpers/records'
import { renderApp } from './helpers/render-app'

// "today" at the point is Niger's day: the clock starts at noon there, so that a run near
// midnight (a tally a minute old, dated yesterday) cannot make these tests fail
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true })
  vi.setSystemTime(new Date(`${new Date().toISOString().slice(0, 10)}T11:00:00.000Z`))
})
afterEach(() => {
  vi.useRealTimers()
})

/** A tally of today at Arlit (the monitor's point), 5 people. */
const todays = (overrides: Partial<FlowCount> = {}) =>
  flowCount({
    siteCode: 'ARL-FMP',
    observedAt: new Date(Date.now() - 60_000).toISOString(),
    men: 3,
    women: 2,
    boys: 0,
    girls: 0,
    unaccompaniedChildren: 0,
    pregnantWomen: 0,
    total: 5,
    nationalities: [
      { country: 'NGA', count: 4 },
      { country: 'OOO', count: 1 },
    ],
    ...overrides,
  })

/** A tally's nationalities for `total` people: its 4 Nigerians, the rest unknown. */
const withUnknown = (total: number) => [
  { country: 'NGA', count: 4 },
  { country: 'OOO', count: total - 4 },
]

/** Saves the tally and has the server acknowledge it at rev 1: it is "sent". */
async function seedSent(db: RelaisDb, tally: FlowCount) {
  await saveRecord(db, 'flowCount', tally)
  const entries = await db.outbox.toArray()
  await applyPushResults(db, entries, [{ mutationId: entries[0]!.mutationId, status: 'applied', rev: 1 }])
}

async function openEdit(tally: FlowCount, seed = (db: RelaisDb) => saveRecord(db, 'flowCount', tally).then(() => {})) {
  const app = await renderApp({ path: `/tally/${tally.id}`, role: 'monitor', seed })
  await screen.findByRole('heading', { name: 'Correct a tally', level: 1 })
  return app
}

describe('correcting and deleting a tally of today', () => {
  it('corrects a tally: a new version of it, queued for upload', async () => {
    const tally = todays()
    const { user, db } = await openEdit(tally)
    expect(screen.getByLabelText('Men')).toHaveValue('3')
    expect(screen.getByLabelText('Nationality 1')).toHaveValue('NGA')
    expect(screen.getByText('Unknown nationality: 1')).toBeInTheDocument()

    await user.click(screen.getByLabelText('Men +1', { selector: 'button' }))
    await user.click(screen.getByText('Save tally', { selector: 'button' }))
    await screen.findByRole('heading', { name: 'Today', level: 1 })

    const saved = await getRecord(db, 'flowCount', tally.id)
    expect(saved?.data).toMatchObject({ id: tally.id, createdAt: tally.createdAt, men: 4, total: 6 })
    expect(saved?.data.nationalities).toEqual([
      { country: 'NGA', count: 4 },
      { country: 'OOO', count: 2 },
    ])
    const entries = await db.outbox.orderBy('seq').toArray()
    expect(entries.map((e) => [e.op, e.recordId])).toEqual([
      ['upsert', tally.id],
      ['upsert', tally.id],
    ])
    expect(entries[1]?.changedFields).toEqual(['men', 'nationalities', 'total', 'updatedAt'])
    expect(await listRecords(db, 'flowCount')).toHaveLength(1)
  })

  it('keeps a correction on the tally’s day', async () => {
    const tally = todays()
    const { user, db } = await openEdit(tally)
    const before = await getRecord(db, 'flowCount', tally.id)
    const time = screen.getByLabelText('Date and time')
    fireEvent.change(time, { target: { value: '2026-01-02T10:00' } })
    await user.click(screen.getByText('Save tally', { selector: 'button' }))
    expect(time).toHaveAccessibleDescription('A correction stays on the day of the tally.')
    expect(await getRecord(db, 'flowCount', tally.id)).toEqual(before)
    expect(await db.outbox.count()).toBe(1)
  })

  it('deletes a sent tally once confirmed: the outbox holds a delete', async () => {
    const tally = todays()
    const { user, db } = await openEdit(tally, (db) => seedSent(db, tally))
    expect(await db.outbox.count()).toBe(0)

    await user.click(screen.getByText('Delete this tally', { selector: 'button' }))
    const dialog = screen.getByRole('alertdialog')
    // the tally named as saved, as Today lists it: the monitor sees which one goes
    expect(dialog).toHaveAccessibleName(
      `Delete this tally (${formatSiteTime(tally.observedAt)} · Outgoing · Truck · 5 people)? It will also be deleted on the server at the next sync.`,
    )
    await user.click(within(dialog).getByText('No, keep it'))
    expect(await getRecord(db, 'flowCount', tally.id)).toBeDefined()

    await user.click(screen.getByText('Delete this tally', { selector: 'button' }))
    await user.click(within(screen.getByRole('alertdialog')).getByText('Yes, delete'))
    const today = await screen.findByRole('heading', { name: 'Today', level: 1 })
    // said where the monitor lands, the screen's title taking focus
    expect(
      screen.getAllByRole('status').find((region) => region.textContent?.includes('Tally deleted on this phone')),
    ).toHaveTextContent('Tally deleted on this phone. The server deletes it at the next sync.')
    await waitFor(() => expect(today).toHaveFocus())
    expect(await getRecord(db, 'flowCount', tally.id)).toBeUndefined()
    expect(await db.outbox.toArray()).toMatchObject([
      { op: 'delete', entity: 'flowCount', recordId: tally.id, baseRev: 1, status: 'queued' },
    ])
  })

  it('corrects a tally the server refused for its date (a phone set days ahead), moving it to the right day', async () => {
    // saved while the phone said three days later; the server never took it
    const ahead = Date.now() + 3 * 86_400_000
    const tally = todays({ observedAt: new Date(ahead).toISOString() })
    const { user, db } = await openEdit(tally, async (db) => {
      vi.useFakeTimers({ toFake: ['Date'], now: ahead + 60_000 })
      await saveRecord(db, 'flowCount', tally)
      vi.useRealTimers()
      const entries = await db.outbox.toArray()
      await applyPushResults(db, entries, [
        {
          mutationId: entries[0]!.mutationId,
          status: 'rejected',
          errors: [{ path: ['observedAt'], code: 'event_day' }],
        },
      ])
    })
    const now = siteDateTimeInput(new Date(Date.now() - 5 * 60_000))
    fireEvent.change(screen.getByLabelText('Date and time'), { target: { value: now } })
    await user.click(screen.getByText('Save tally', { selector: 'button' }))
    await screen.findByRole('heading', { name: 'Today', level: 1 })
    const saved = await getRecord(db, 'flowCount', tally.id)
    expect(saved?.data.observedAt).toBe(siteInputToIso(now))
    expect(saved?.state).toBe('pending')
  })

  it('corrects again a refused correction of a sent tally of another day, on its day, with no delete', async () => {
    const twoDaysAgo = todays({ observedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() })
    const { user, db } = await openEdit(twoDaysAgo, async (db) => {
      await seedSent(db, twoDaysAgo)
      // a correction made that day (women 2 → 9, beyond what a server of a newer rule takes), refused
      await saveRecord(db, 'flowCount', { ...twoDaysAgo, women: 9, total: 12, nationalities: withUnknown(12) })
      const entries = await db.outbox.toArray()
      await applyPushResults(db, entries, [
        { mutationId: entries[0]!.mutationId, status: 'rejected', errors: [{ path: ['women'], code: 'invalid' }] },
      ])
      expect((await getRecord(db, 'flowCount', twoDaysAgo.id))?.syncedRev).toBe(1)
    })
    expect(screen.getByLabelText('Women')).toHaveValue('9')
    // deleting a sent tally of another day stays forbidden: Problems discards the change
    expect(screen.queryByText('Delete this tally')).not.toBeInTheDocument()
    fireEvent.change(screen.getByLabelText('Women'), { target: { value: '3' } })
    await user.click(screen.getByText('Save tally', { selector: 'button' }))
    await screen.findByRole('heading', { name: 'Today', level: 1 })
    const saved = await getRecord(db, 'flowCount', twoDaysAgo.id)
    expect(saved?.data).toMatchObject({ women: 3, total: 6, observedAt: twoDaysAgo.observedAt })
    expect(saved?.state).toBe('pending')
    expect(saved?.syncedRev).toBe(1)
  })

  it('keeps a refused correction of a sent tally of another day on its day', async () => {
    const twoDaysAgo = todays({ observedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() })
    const { user, db } = await openEdit(twoDaysAgo, async (db) => {
      await seedSent(db, twoDaysAgo)
      await saveRecord(db, 'flowCount', { ...twoDaysAgo, men: 4, total: 6, nationalities: withUnknown(6) })
      const entries = await db.outbox.toArray()
      await applyPushResults(db, entries, [
        { mutationId: entries[0]!.mutationId, status: 'rejected', errors: [{ path: ['men'], code: 'invalid' }] },
      ])
    })
    fireEvent.change(screen.getByLabelText('Date and time'), {
      target: { value: siteDateTimeInput(new Date(Date.now() - 5 * 60_000)) },
    })
    await user.click(screen.getByText('Save tally', { selector: 'button' }))
    expect(await screen.findAllByText('A correction stays on the day of the tally.')).not.toHaveLength(0)
    expect((await getRecord(db, 'flowCount', twoDaysAgo.id))?.data.observedAt).toBe(twoDaysAgo.observedAt)
  })

  it('refuses to correct a tally of another day', async () => {
    const tally = todays({ observedAt: new Date(Date.now() - 2 * 86_400_000).toISOString() })
    await renderApp({
      path: `/tally/${tally.id}`,
      role: 'monitor',
      seed: async (db) => void (await saveRecord(db, 'flowCount', tally)),
    })
    expect(await screen.findByText('Only today’s tallies can be corrected or deleted.')).toBeInTheDocument()
    expect(screen.queryByText('Delete this tally')).not.toBeInTheDocument()
  })
})
