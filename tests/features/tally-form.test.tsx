import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { listRecords } from '@/data/records'
import { renderApp } from './helpers/render-app'

async function openTally() {
  const app = await renderApp({ path: '/tally', role: 'monitor' })
  await screen.findByRole('heading', { name: 'Tally', level: 1 })
  return app
}

const total = () => screen.getByText(/^Total: \d+$/)

describe('tally form', () => {
  it('updates the running total as the steppers are tapped', async () => {
    const { user } = await openTally()
    expect(total()).toHaveTextContent('Total: 0')
    await user.click(screen.getByRole('button', { name: 'Men +1' }))
    await user.click(screen.getByRole('button', { name: 'Men +1' }))
    await user.click(screen.getByRole('button', { name: 'Girls +1' }))
    expect(screen.getByLabelText('Men')).toHaveValue(2)
    expect(total()).toHaveTextContent('Total: 3')
    await user.click(screen.getByRole('button', { name: 'Men -1' }))
    expect(total()).toHaveTextContent('Total: 2')
    expect(screen.getByRole('button', { name: 'Women -1' })).toBeDisabled()
  })

  it('says which rule is broken and refuses to save while it holds', async () => {
    const { user, db } = await openTally()
    await fillHeader(user)
    await user.click(screen.getByRole('button', { name: 'Men +1' }))
    await user.click(screen.getByRole('button', { name: 'Elderly +1' }))
    await user.click(screen.getByRole('button', { name: 'Elderly +1' }))

    const message = 'Elderly cannot be more than men + women.'
    expect(screen.getAllByText(message).length).toBeGreaterThanOrEqual(1)
    expect(screen.getByLabelText('Elderly')).toHaveAccessibleDescription(/Elderly cannot be more than men \+ women\./)

    await user.click(screen.getByRole('button', { name: 'Save tally' }))
    expect(await screen.findByRole('link', { name: `Elderly: ${message}` })).toBeInTheDocument()
    expect(await listRecords(db, 'flowCount')).toHaveLength(0)

    await user.click(screen.getByRole('button', { name: 'Women +1' }))
    expect(screen.queryByText(message)).not.toBeInTheDocument()
  })

  it('shows the remainder stored as unknown nationality and saves it', async () => {
    const { user, db } = await openTally()
    await fillHeader(user)
    for (let i = 0; i < 3; i++) await user.click(screen.getByRole('button', { name: 'Men +1' }))
    await user.click(screen.getByRole('button', { name: 'Boys +1' }))
    expect(screen.getByText('Unknown nationality: 4')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Add a nationality' }))
    await user.selectOptions(screen.getByLabelText('Nationality 1'), 'NGA')
    await user.click(screen.getByRole('button', { name: 'People of nationality 1 +1' }))
    await user.click(screen.getByRole('button', { name: 'People of nationality 1 +1' }))
    expect(screen.getByText('Unknown nationality: 2')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Save tally' }))
    await screen.findByRole('heading', { name: 'Today', level: 1 })
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
    const row = (await screen.findByText(/Outgoing · Truck · 4 people/)).closest('li') as HTMLElement
    expect(within(row).getByText('Saved on this phone')).toBeInTheDocument()
  })

  it('refuses nationality counts above the total', async () => {
    const { user } = await openTally()
    await user.click(screen.getByRole('button', { name: 'Women +1' }))
    await user.click(screen.getByRole('button', { name: 'Add a nationality' }))
    await user.selectOptions(screen.getByLabelText('Nationality 1'), 'MLI')
    await user.click(screen.getByRole('button', { name: 'People of nationality 1 +1' }))
    await user.click(screen.getByRole('button', { name: 'People of nationality 1 +1' }))
    expect(screen.getByText('The nationality counts are more than the total.')).toBeInTheDocument()
  })
})

async function fillHeader(user: Awaited<ReturnType<typeof renderApp>>['user']) {
  await user.click(within(screen.getByRole('group', { name: 'Direction' })).getByLabelText('Outgoing'))
  await user.selectOptions(screen.getByLabelText('Transport'), 'truck')
  await user.selectOptions(screen.getByLabelText('Departure country'), 'NER')
  await user.selectOptions(screen.getByLabelText('Destination country'), 'LBY')
  await user.selectOptions(screen.getByLabelText('Type of flow'), 'economic_long_term')
}
