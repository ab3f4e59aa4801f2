/** The forms offer the user's sites as the server said at the last sync: an admin may have changed them since sign-in. */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { updateSyncStatus } from '@/data/sync-status'
import { renderApp } from './helpers/render-app'

const pointsOffered = () =>
  within(screen.getByLabelText('Flow monitoring point'))
    .getAllByRole('option')
    .map((option) => option.getAttribute('value'))
    .filter((value) => value !== '')

describe('the sites a form offers', () => {
  it('are the sign-in sites until a sync says otherwise', async () => {
    await renderApp({ path: '/tally', role: 'monitor', sites: ['ARL-FMP', 'MAD-FMP'] })
    await screen.findByLabelText('Flow monitoring point')
    expect(pointsOffered()).toEqual(['ARL-FMP', 'MAD-FMP'])
  })

  it('follow the sites the server gave at the last sync: one lost, none offered that the user no longer has', async () => {
    await renderApp({
      path: '/tally',
      role: 'monitor',
      sites: ['ARL-FMP', 'MAD-FMP'],
      seed: (db) => updateSyncStatus(db, { sites: ['MAD-FMP'] }).then(() => undefined),
    })
    await screen.findByLabelText('Flow monitoring point')
    expect(pointsOffered()).toEqual(['MAD-FMP'])
  })
})
