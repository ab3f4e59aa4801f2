/**
 * Recording a closure or no flow on Today: a period holding tallies of this phone is saved
 * only once the monitor says so (a closed post counts nobody), and a period may not end
 * later than the phone allows (no flow: now; a closure: the end of today, "Closed today").
 * Removing one is asked twice, and said.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { RelaisDb } from '@/data/db'
import { listRecords, saveRecord } from '@/data/records'
import { flowCount, fmpStatus } from '../helpers/records'
import { phoneInTimeZone } from './helpers/phone-time-zone'
import { renderApp } from './helpers/render-app'

// the phone is set to Los Angeles (UTC-8): 03:20 in Niger on the 30th is 18:20 on the 29th there
const PHONE_TZ = 'America/Los_Angeles'
const NOW = new Date('2026-11-30T03:20:00+01:00')
phoneInTimeZone(PHONE_TZ)

/** A tally at Arlit at `time` on the 30th (Niger), `people` men. */
const tallyAt = (time: string, people: number) =>
  flowCount({
    siteCode: 'ARL-FMP',
    observedAt: `2026-11-30T${time}:00+01:00`,
    men: people,
    women: 0,
    boys: 0,
    girls: 0,
    unaccompaniedChildren: 0,
    pregnantWomen: 0,
    total: people,
    nationalities: [{ country: 'NGA', count: people }],
  })

async function openStatusForm(seed?: (db: RelaisDb) => Promise<void>) {
  vi.useFakeTimers({ toFake: ['Date'], now: NOW })
  const app = await renderApp({ path: '/today', role: 'monitor', sites: ['ARL-FMP'], ...(seed ? { seed } : {}) })
  await screen.findByRole('heading', { name: 'Today', level: 1 })
  await app.user.click(await screen.findByRole('button', { name: 'Closed today · No flow seen' }))
  return app
}

const setTime = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } })

describe('a closure or no flow over tallies', () => {
  const seed = async (db: RelaisDb) => {
    for (const tally of [tallyAt('01:10', 9), tallyAt('02:40', 4), tallyAt('03:05', 2)]) {
      await saveRecord(db, 'flowCount', tally)
    }
  }

  it('says how many tallies fall in the period before saving it, and saves it only when told', async () => {
    const { user, db } = await openStatusForm(seed)
    await user.click(screen.getByRole('radio', { name: 'Closed' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))

    const warning = await screen.findByRole('alertdialog')
    expect(warning).toHaveAccessibleName(
      '3 tallies on this phone fall in this period, but a closed post counts nobody. Check the period, or save anyway.',
    )
    expect(within(warning).getByRole('button', { name: 'Check the period' })).toHaveFocus()
    expect(await listRecords(db, 'fmpStatus')).toHaveLength(0)

    // back to the period: the warning goes, nothing is saved
    await user.click(within(warning).getByRole('button', { name: 'Check the period' }))
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    expect(screen.getByLabelText('From')).toHaveFocus()
    expect(await listRecords(db, 'fmpStatus')).toHaveLength(0)

    // a period with one tally, as a no-flow: said as such, then saved anyway
    await user.click(screen.getByRole('radio', { name: 'No flow seen' }))
    setTime('From', '2026-11-30T02:00')
    setTime('Until', '2026-11-30T03:00')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByRole('alertdialog')).toHaveAccessibleName(
      '1 tally on this phone falls in this period, but no flow means nobody passed. Check the period, or save anyway.',
    )
    await user.click(screen.getByRole('button', { name: 'Save anyway' }))
    await waitFor(async () => expect(await listRecords(db, 'fmpStatus')).toHaveLength(1))
    expect((await listRecords(db, 'fmpStatus'))[0]?.data).toMatchObject({
      kind: 'no_flow',
      from: '2026-11-30T02:00:00+01:00',
      to: '2026-11-30T03:00:00+01:00',
    })
  })

  it('saves at once a period without tallies', async () => {
    const { user, db } = await openStatusForm(seed)
    await user.click(screen.getByRole('radio', { name: 'No flow seen' }))
    setTime('From', '2026-11-30T01:15')
    setTime('Until', '2026-11-30T02:30')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(async () => expect(await listRecords(db, 'fmpStatus')).toHaveLength(1))
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
  })
})

describe('the end of a closure or no flow', () => {
  it('is now at the latest for no flow seen (a clock a little off allowed), the end of today for a closure', async () => {
    const { user, db } = await openStatusForm()
    const until = screen.getByLabelText('Until')

    // the form opens on the whole day: no flow cannot be seen until 23:59 at 03:20
    await user.click(screen.getByRole('radio', { name: 'No flow seen' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    const noFlowLater = 'No flow seen ends now at the latest: the hours to come are not seen yet.'
    expect(await screen.findByRole('link', { name: `Until: ${noFlowLater}` })).toBeInTheDocument()
    expect(until).toHaveAccessibleDescription(expect.stringContaining(noFlowLater))

    // a closure is known ahead: today's end, not tomorrow's noon (which the server would take)
    await user.click(screen.getByRole('radio', { name: 'Closed' }))
    setTime('Until', '2026-12-01T12:00')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    const closedLater = 'A closure can be recorded up to the end of today (site time), not later.'
    expect(await screen.findByRole('link', { name: `Until: ${closedLater}` })).toBeInTheDocument()
    expect(await listRecords(db, 'fmpStatus')).toHaveLength(0)

    // no flow until a few minutes from now: the phone's clock may be a little behind
    await user.click(screen.getByRole('radio', { name: 'No flow seen' }))
    setTime('Until', '2026-11-30T03:25')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(async () => expect(await listRecords(db, 'fmpStatus')).toHaveLength(1))

    // and a closure for the whole of today
    await user.click(await screen.findByRole('button', { name: 'Closed today · No flow seen' }))
    await user.click(screen.getByRole('radio', { name: 'Closed' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(async () => expect(await listRecords(db, 'fmpStatus')).toHaveLength(2))
  })
})

describe('removing a closure or no flow', () => {
  it('asks first, then says it is removed, focus on the list’s heading', async () => {
    const status = fmpStatus({
      siteCode: 'ARL-FMP',
      kind: 'no_flow',
      from: '2026-11-30T01:00:00+01:00',
      to: '2026-11-30T02:00:00+01:00',
    })
    vi.useFakeTimers({ toFake: ['Date'], now: NOW })
    const { user, db } = await renderApp({
      path: '/today',
      role: 'monitor',
      sites: ['ARL-FMP'],
      seed: (db) => saveRecord(db, 'fmpStatus', status).then(() => undefined),
    })
    const list = await screen.findByRole('list', { name: 'Closed or no flow' })
    const remove = within(list).getByRole('button', { name: 'Remove' })

    // asked, and kept: nothing removed, focus back on its button
    await user.click(remove)
    const question = within(list).getByRole('alertdialog', {
      name: 'Remove this period? It will also be removed on the server at the next sync.',
    })
    expect(within(question).getByRole('button', { name: 'No, keep it' })).toHaveFocus()
    await user.click(within(question).getByRole('button', { name: 'No, keep it' }))
    expect(within(list).queryByRole('alertdialog')).not.toBeInTheDocument()
    await waitFor(() => expect(within(list).getByRole('button', { name: 'Remove' })).toHaveFocus())
    expect(await listRecords(db, 'fmpStatus')).toHaveLength(1)

    // asked, and removed: said, focus on the heading of the list now gone
    await user.click(within(list).getByRole('button', { name: 'Remove' }))
    await user.click(screen.getByRole('button', { name: 'Yes, remove' }))
    const said = await screen.findByText(
      'No-flow record removed on this phone. The server removes it at the next sync.',
    )
    expect(said.closest('[role="status"]')).toBeInTheDocument()
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Closed or no flow', level: 2 })).toHaveFocus())
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Closed or no flow' })).not.toBeInTheDocument())
    expect(said).toBeInTheDocument()
    expect(await listRecords(db, 'fmpStatus')).toHaveLength(0)
    expect(await db.outbox.toArray()).toMatchObject([
      { op: 'upsert', recordId: status.id },
      { op: 'delete', recordId: status.id },
    ])
  })
})

describe('focus around the closure form', () => {
  it('starts on the form’s title, and never falls to the page once the form is gone', async () => {
    const { user, db } = await openStatusForm()
    // opened: its title, read first (the button that opened it is gone)
    await waitFor(() =>
      expect(screen.getByRole('heading', { name: 'Record a closure or no flow', level: 2 })).toHaveFocus(),
    )

    // cancelled: back on the button that opened it
    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    const opener = screen.getByRole('button', { name: 'Closed today · No flow seen' })
    await waitFor(() => expect(opener).toHaveFocus())

    // saved: on the heading of the list that now holds it, the notice saying it is saved
    await user.click(opener)
    await user.click(screen.getByRole('radio', { name: 'Closed' }))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(async () => expect(await listRecords(db, 'fmpStatus')).toHaveLength(1))
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Closed or no flow', level: 2 })).toHaveFocus())
    expect(screen.getByText('Saved on this phone.').closest('[role="status"]')).toBeInTheDocument()
    expect(document.activeElement).not.toBe(document.body)
  })
})
