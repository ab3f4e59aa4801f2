/**
 * The clock warning (issue 10): a sync keeps the server's `Date` beside the phone's clock,
 * and Today warns when they are more than ten minutes apart, or when the phone's clock
 * was set back since.
 */
import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { RelaisDb } from '@/data/db'
import { getSyncStatus, updateSyncStatus } from '@/data/sync-status'
import { getClockFloor, raiseClockFloor } from '@/data/clock-floor'
import { clockOffset } from '@/components/clock-warning'
import { createSyncClient } from '@/sync/sync-client'
import { pullChanges } from '@/sync/pull-run'
import { SITES, renderApp } from './helpers/render-app'

const MINUTE = 60_000

/** A server whose answers carry a Date `offsetMs` away from this machine's clock. */
function serverAt(offsetMs: number): typeof fetch {
  return async (input) => {
    const url = String(input)
    const body = url.includes('/sync/pull')
      ? { changes: [], cursor: 'c1', more: false }
      : url.endsWith('/sites')
        ? SITES
        : { staff: [] }
    return new Response(JSON.stringify(body), {
      status: 200,
      headers: { 'Content-Type': 'application/json', Date: new Date(Date.now() + offsetMs).toUTCString() },
    })
  }
}

const syncWith = (offsetMs: number) => async (db: RelaisDb) => {
  const transport = createSyncClient({ getToken: () => 'token-1', fetch: serverAt(offsetMs), appVersion: '' })
  expect(await pullChanges({ db, transport })).toEqual({ ok: true, wipe: false })
}

async function openToday(seed: (db: RelaisDb) => Promise<void>) {
  const app = await renderApp({ path: '/today', role: 'monitor', sites: ['ARL-FMP'], seed })
  await screen.findByRole('heading', { name: 'Today', level: 1 })
  await screen.findByText('Everything recorded at this point has been sent.')
  return app
}

describe('clock warning', () => {
  it('warns when the server’s clock, as the last sync saw it, is 25 minutes ahead of the phone’s', async () => {
    const { db } = await openToday(syncWith(25 * MINUTE))
    const clock = (await getSyncStatus(db)).serverClock
    expect(Date.parse(clock!.serverTime) - Date.parse(clock!.deviceTime)).toBeGreaterThan(24 * MINUTE)
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "This phone's clock is about 25 minutes behind the server's.",
    )
  })

  it('warns of a phone three hours ahead, in hours', async () => {
    await openToday(syncWith(-3 * 60 * MINUTE))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "This phone's clock is about 3 hours ahead of the server's.",
    )
  })

  it('warns of a phone set days behind in days, not hundreds of hours', async () => {
    await openToday(syncWith(17 * 24 * 60 * MINUTE))
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "This phone's clock is about 17 days behind the server's.",
    )
  })

  it('says nothing when the clocks agree within ten minutes, or before any sync', async () => {
    await openToday(syncWith(2 * MINUTE))
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(clockOffset(undefined)).toBeNull()
  })

  it('warns when the phone’s clock was set back since the last sync', async () => {
    const later = new Date(Date.now() + 2 * 60 * MINUTE).toISOString()
    await openToday(async (db) => {
      await updateSyncStatus(db, { serverClock: { serverTime: later, deviceTime: later } })
    })
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "This phone's clock is about 2 hours behind the server's.",
    )
  })

  it('warns of a clock set back since the sync, though still after it, below a time the app already knew', async () => {
    // synced five hours ago (real time), the app open four and a half hours after; then the
    // phone's clock set back two hours: it reads three hours after the sync, an hour and a
    // half before what the app knew the time to be
    const sync = new Date(Date.now() - 3 * 60 * MINUTE).toISOString()
    await openToday(async (db) => {
      await updateSyncStatus(db, { serverClock: { serverTime: sync, deviceTime: sync } })
      await raiseClockFloor(db, { from: sync, at: new Date(Date.now() + 90 * MINUTE).toISOString() })
    })
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "This phone's clock is about 90 minutes behind the server's.",
    )
  })

  it('leaves out a floor of an older sync, and stores the floor of the last one', async () => {
    const sync = new Date(Date.now() - 2 * MINUTE).toISOString()
    const { db } = await openToday(async (db) => {
      await raiseClockFloor(db, {
        from: '2026-01-01T00:00:00.000Z',
        at: new Date(Date.now() + 5 * 60 * MINUTE).toISOString(),
      })
      await updateSyncStatus(db, { serverClock: { serverTime: sync, deviceTime: sync } })
    })
    await waitFor(async () => expect((await getClockFloor(db))?.from).toBe(sync))
    expect(Date.parse((await getClockFloor(db))!.at)).toBeGreaterThanOrEqual(Date.parse(sync))
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('no longer warns of a clock that was ahead at the sync once it reads about the sync’s time', async () => {
    // three hours ahead at the sync a minute ago; the phone now says a minute past the
    // server's time then: it was set right (it is at most a minute ahead)
    const sync = new Date(Date.now() - MINUTE)
    await openToday(async (db) => {
      await updateSyncStatus(db, {
        serverClock: {
          serverTime: sync.toISOString(),
          deviceTime: new Date(sync.getTime() + 180 * MINUTE).toISOString(),
        },
      })
    })
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
  })

  it('warns on the tally form too, where the time of each tally is taken', async () => {
    await renderApp({ path: '/tally', role: 'monitor', sites: ['ARL-FMP'], seed: syncWith(25 * MINUTE) })
    await screen.findByRole('heading', { name: 'Tally', level: 1 })
    expect(await screen.findByRole('alert')).toHaveTextContent(
      "This phone's clock is about 25 minutes behind the server's.",
    )
  })
})
