/**
 * The tally reads counts as every form reads a whole number: in the phone's digits (an
 * Arabic keyboard's too), never guessing digits grouped with a dot; and it says each sum
 * rule as soon as its own counts are numbers, beside the other counts' problems.
 */
import { fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import ar from '@/i18n/locales/ar.json'
import { renderApp } from './helpers/render-app'

async function openTally(lang: 'en' | 'ar' = 'en') {
  const app = await renderApp({ path: '/tally', role: 'monitor', lang })
  await screen.findByRole('heading', { name: lang === 'ar' ? ar.tally.title : 'Tally', level: 1 })
  return app
}

function setCount(label: string, text: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value: text } })
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

describe('tally numbers', () => {
  it('counts Arabic-Indic digits typed in the Arabic interface in the total', async () => {
    const { user } = await openTally('ar')
    const men = screen.getByLabelText(ar.tally.men)
    await user.type(men, '\u0663')
    await user.type(screen.getByLabelText(ar.tally.women), '\u06f2')
    expectNoMessageAt(ar.tally.men)
    expectNoMessageAt(ar.tally.women)
    expect(screen.getByText(/^المجموع: \d+$/)).toHaveTextContent('المجموع: 5')
    // the steppers go on from the number read
    await user.click(screen.getByRole('button', { name: `${ar.tally.men} +1` }))
    expect(men).toHaveValue('4')
    expect(screen.getByText(/^المجموع: \d+$/)).toHaveTextContent('المجموع: 6')
  })

  it('refuses digits grouped with a dot, saying the digits to type, and counts nothing for them', async () => {
    await openTally()
    setCount('Men', '1.000')
    expectMessageAt('Men', 'Digits only, without dots, commas or spaces: 1000.')
    expect(screen.getByText(/^Total: \d+$/)).toHaveTextContent('Total: 0')
  })

  it('says a sum rule whose counts are numbers at once, beside a count being fixed', async () => {
    await openTally()
    setCount('Men', '2.5')
    setCount('Boys', '1')
    setCount('Unaccompanied children', '2')
    setCount('Elderly', '9')
    expectMessageAt('Men', 'A whole number, 0 or more.')
    expectMessageAt('Unaccompanied children', 'Unaccompanied children cannot be more than boys + girls.')
    // elderly ≤ men + women needs Men: it waits, rather than say something Men may change
    expectNoMessageAt('Elderly')
    setCount('Men', '2')
    expectMessageAt('Elderly', 'Elderly cannot be more than men + women.')
    expectNoMessageAt('Men')
  })
})
