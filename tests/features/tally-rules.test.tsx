import { fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { listRecords } from '@/data/records'
import { renderApp } from './helpers/render-app'

type User = Awaited<ReturnType<typeof renderApp>>['user']

async function openTally() {
  const app = await renderApp({ path: '/tally', role: 'monitor' })
  await screen.findByRole('heading', { name: 'Tally', level: 1 })
  return app
}

/** Sets a count's text at once (the journeys type it key by key elsewhere). */
function setCount(label: string, text: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value: text } })
}

/** Types a count key by key, as a monitor would, replacing what the field held. */
async function typeCount(user: User, label: string, text: string) {
  const input = screen.getByLabelText(label)
  await user.clear(input)
  await user.type(input, text)
}

function expectMessageAt(label: string, message: string) {
  const field = screen.getByLabelText(label)
  expect(field).toHaveAttribute('aria-invalid', 'true')
  expect(field).toHaveAccessibleDescription(expect.stringContaining(message))
}

function expectNoMessageAt(label: string) {
  const field = screen.getByLabelText(label)
  expect(field).not.toHaveAttribute('aria-invalid')
  expect(field).not.toHaveAccessibleDescription()
}

describe('tally sum rules, each at its field', () => {
  it.each([
    {
      rule: 'unaccompanied children ≤ boys + girls',
      counts: { Men: '2', Boys: '1', 'Unaccompanied children': '2' },
      field: 'Unaccompanied children',
      message: 'Unaccompanied children cannot be more than boys + girls.',
      fix: { Girls: '1' },
    },
    {
      rule: 'under-5 ≤ boys + girls',
      counts: { Women: '1', 'Children under 5': '1' },
      field: 'Children under 5',
      message: 'Children under 5 cannot be more than boys + girls.',
      fix: { Boys: '1' },
    },
    {
      rule: 'elderly ≤ men + women',
      counts: { Boys: '3', Elderly: '1' },
      field: 'Elderly',
      message: 'Elderly cannot be more than men + women.',
      fix: { Women: '1' },
    },
    {
      rule: 'pregnant ≤ women + girls',
      counts: { Men: '4', 'Pregnant women': '1' },
      field: 'Pregnant women',
      message: 'Pregnant women cannot be more than women + girls.',
      fix: { Girls: '1' },
    },
    {
      rule: 'disability ≤ total',
      counts: { Men: '1', 'With disability': '2' },
      field: 'With disability',
      message: 'Persons with disability cannot be more than the total.',
      fix: { Men: '2' },
    },
  ])('$rule', async ({ counts, field, message, fix }) => {
    await openTally()
    for (const [label, text] of Object.entries(counts)) setCount(label, text)
    expectMessageAt(field, message)
    // no other count carries it
    expectNoMessageAt('Men')
    for (const [label, text] of Object.entries(fix)) setCount(label, text)
    expectNoMessageAt(field)
  })

  it('says a nationality listed twice at the second one, and counts above the total at every count', async () => {
    const { user } = await openTally()
    setCount('Men', '3')
    await user.click(screen.getByText(/Add a nationality$/, { selector: 'button' }))
    await user.selectOptions(screen.getByLabelText('Nationality 1'), 'NGA')
    setCount('People of nationality 1', '1')
    await user.click(screen.getByText(/Add a nationality$/, { selector: 'button' }))
    await user.selectOptions(screen.getByLabelText('Nationality 2'), 'NGA')
    setCount('People of nationality 2', '1')
    expectMessageAt('Nationality 2', 'A nationality is listed twice.')
    expectNoMessageAt('Nationality 1')

    await user.selectOptions(screen.getByLabelText('Nationality 2'), 'MLI')
    expectNoMessageAt('Nationality 2')
    setCount('People of nationality 2', '5')
    for (const label of ['People of nationality 1', 'People of nationality 2']) {
      expectMessageAt(label, 'The nationality counts are more than the total.')
    }
    expect(screen.queryByText(/^Unknown nationality/)).not.toBeInTheDocument()
    setCount('Men', '6')
    expectNoMessageAt('People of nationality 2')
    expect(screen.getByText('Unknown nationality: 0')).toBeInTheDocument()
  })

  it('asks for at least one person on save, under the people counts', async () => {
    const { user, db } = await openTally()
    expectNoMessageAt('Men')
    await user.click(screen.getByText('Save tally', { selector: 'button' }))
    for (const label of ['Men', 'Women', 'Boys', 'Girls']) expectMessageAt(label, 'Count at least one person.')
    expect(screen.getByRole('link', { name: 'People: Count at least one person.' })).toBeInTheDocument()
    expect(await listRecords(db, 'flowCount')).toHaveLength(0)
    await user.click(screen.getByLabelText('Girls +1', { selector: 'button' }))
    expectNoMessageAt('Men')
  })

  it('refuses a count that is not a whole number ≥ 0 at its field, keeping what was typed', async () => {
    const { user, db } = await openTally()
    await user.click(within(screen.getByRole('group', { name: 'Direction' })).getByLabelText('Incoming'))
    await user.selectOptions(screen.getByLabelText('Transport'), 'bus')
    await user.selectOptions(screen.getByLabelText('Departure country'), 'LBY')
    await user.selectOptions(screen.getByLabelText('Destination country'), 'NER')
    await user.selectOptions(screen.getByLabelText('Type of flow'), 'seasonal')
    await typeCount(user, 'Men', '-2')
    await typeCount(user, 'Women', '2.5')
    await typeCount(user, 'Boys', 'deux')
    for (const [label, typed] of [
      ['Men', '-2'],
      ['Women', '2.5'],
      ['Boys', 'deux'],
    ] as const) {
      expect(screen.getByLabelText(label)).toHaveValue(typed)
      expectMessageAt(label, 'A whole number, 0 or more.')
    }
    // the steppers wait for a number rather than rewrite what was typed
    expect(screen.getByLabelText('Men +1', { selector: 'button' })).toBeDisabled()

    await user.click(screen.getByText('Save tally', { selector: 'button' }))
    expect(screen.getByRole('link', { name: 'Women: A whole number, 0 or more.' })).toBeInTheDocument()
    expect(screen.getByLabelText('Women')).toHaveValue('2.5')
    expect(await listRecords(db, 'flowCount')).toHaveLength(0)

    await typeCount(user, 'Men', '2')
    await typeCount(user, 'Women', '2')
    await typeCount(user, 'Boys', '0')
    expectNoMessageAt('Women')
    await user.click(screen.getByText('Save tally', { selector: 'button' }))
    await screen.findByText(/Tally 1 saved on this phone/)
    expect((await listRecords(db, 'flowCount'))[0]?.data).toMatchObject({ men: 2, women: 2, boys: 0, total: 4 })
  })
})
