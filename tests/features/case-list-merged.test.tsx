/**
 * After a supervisor merged two cases, a registrar looking up the merged case's number
 * (the person may present either card) lands on the survivor, whose page shows the
 * numbers merged into it.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { RelaisDb } from '@/data/db'
import { saveRecord } from '@/data/records'
import { namedRegistration } from '../helpers/records'
import { openCase } from './helpers/open-case'
import { renderApp } from './helpers/render-app'

const kept = namedRegistration({
  caseNumber: 'AGZ-9D-0001',
  givenName: 'Mamadou',
  familyName: 'Diallo',
  vulnerabilities: [],
  registeredOn: '2026-11-20',
})
const merged = namedRegistration({
  caseNumber: 'AGZ-AL-0001',
  givenName: 'Mamadou',
  familyName: 'Dialo',
  vulnerabilities: [],
  registeredOn: '2026-11-21',
  mergedInto: kept.id,
})

async function seedMerge(db: RelaisDb) {
  for (const data of [kept, merged]) await saveRecord(db, 'registration', data)
}

const rows = () => within(screen.getByRole('list', { name: /cases?$/ })).getAllByRole('listitem')

describe('Cases screen after a merge', () => {
  it("finds the survivor by the merged case's number and shows that number on its page", async () => {
    const { user } = await renderApp({ path: '/cases', seed: seedMerge })
    expect(await screen.findByText('1 case')).toBeInTheDocument()

    await user.type(screen.getByRole('searchbox', { name: 'Search' }), 'AGZ-AL-0001')
    await waitFor(() => expect(within(rows()[0] as HTMLElement).getByRole('link')).toHaveTextContent('AGZ-9D-0001'))
    expect(screen.getByText('1 case')).toBeInTheDocument()
    const link = within(rows()[0] as HTMLElement).getByRole('link')
    expect(link).toHaveTextContent('Mamadou Diallo')
    expect(link).toHaveAttribute('href', `/cases/${kept.id}`)

    await openCase(() => user.click(link))
    expect(await screen.findByRole('heading', { name: 'Mamadou Diallo', level: 1 })).toBeInTheDocument()
    const also = screen.getByText('Also registered as').closest('p') as HTMLElement
    expect(also).toHaveTextContent('Also registered as AGZ-AL-0001')
    expect(within(also).getByRole('link', { name: 'AGZ-AL-0001' })).toHaveAttribute('href', `/cases/${merged.id}`)
  })

  it('says it in French on the survivor', async () => {
    await renderApp({ path: `/cases/${kept.id}`, seed: seedMerge, lang: 'fr' })
    expect(await screen.findByRole('heading', { name: 'Mamadou Diallo', level: 1 })).toBeInTheDocument()
    await waitFor(() =>
      expect(screen.getByText('Aussi enregistré sous').closest('p')).toHaveTextContent(
        'Aussi enregistré sous AGZ-AL-0001',
      ),
    )
  })
})
