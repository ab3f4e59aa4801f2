/** The case file's Journey part shows every answer of the registration form's journey step. */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from '../helpers/render-app'
import { person, seedCase } from './case-seed'

const facts = (region: HTMLElement) =>
  Object.fromEntries(
    within(region)
      .getAllByRole('term')
      .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent]),
  )

describe('case file journey', () => {
  it('shows the months spent in Libya and in Algeria, as the review step does', async () => {
    const mamadou = person({
      migration: {
        originCountry: 'GIN',
        originTown: 'Labé',
        leftHomeOn: '2025-06-01',
        transitCountries: ['MLI', 'DZA'],
        monthsInLibya: 5,
        monthsInAlgeria: 14,
        reasonsForLeaving: ['economic'],
        intendedDestination: 'ESP',
        intentionNow: 'return_home',
        abuseEnRoute: ['theft_of_documents'],
      },
    })
    await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    expect(facts(await screen.findByRole('region', { name: 'Journey' }))).toEqual({
      Origin: 'Labé, Guinea',
      'Left home': 'Jun 1, 2025',
      'Transit countries': 'Mali, Algeria',
      'Months spent in Libya': '5',
      'Months spent in Algeria': '14',
      'Reasons for leaving': 'Economic',
      'Intended destination': 'Spain',
      'Intention now': 'Return home',
      'Abuse en route': 'Theft of documents',
    })
  })

  it('writes the months in French, none when not answered', async () => {
    const mamadou = person({
      migration: { monthsInLibya: 0, transitCountries: [], reasonsForLeaving: [], abuseEnRoute: [] },
    })
    await renderApp({ path: `/cases/${mamadou.id}`, lang: 'fr', seed: (db) => seedCase(db, mamadou) })
    expect(facts(await screen.findByRole('region', { name: 'Parcours' }))).toEqual({ 'Mois passés en Libye': '0' })
  })
})
