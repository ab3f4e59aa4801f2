/**
 * The words of the review step and of the case page for answers left at their simplest:
 * an optional field's label without "(optional)", no vulnerability ticked as "None" (as
 * the case page says), and an assisted return answered "No" shown as that answer.
 */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { openCase } from '../helpers/open-case'
import { renderApp } from '../helpers/render-app'
import { fillConsent, fillIdentity, next, stepHeading } from './registration-harness'

const row = (region: HTMLElement, label: string) =>
  within(region).getByText(label, { selector: 'dt' }).nextElementSibling?.textContent

describe('review and case page words', () => {
  it('shows the answers as given, on the review and on the case page', async () => {
    const { user } = await renderApp({ path: '/register' })
    await fillConsent(user)
    await fillIdentity(user, { given: 'Mohamed', family: 'Issoufou', born: '1985-01-10' }, { goOn: false })
    await user.type(screen.getByLabelText('Phone (optional)'), '+227 96 12 34 56')
    await next(user)
    for (const step of [/Household/, /Journey/, /Vulnerabilities/]) {
      await stepHeading(step)
      await next(user)
    }
    await stepHeading(/Assisted return/)
    expect(screen.getByRole('radio', { name: 'No' })).toBeChecked()
    await next(user)
    await stepHeading(/Review and save/)

    const identity = screen.getByRole('region', { name: 'Identity' })
    expect(row(identity, 'Phone')).toBe('+227 96 12 34 56')
    expect(within(identity).queryByText(/optional/)).not.toBeInTheDocument()
    const vulnerabilities = screen.getByRole('region', { name: 'Vulnerabilities' })
    expect(row(vulnerabilities, 'Vulnerabilities')).toBe('None')
    expect(within(vulnerabilities).queryByText('Nothing answered.')).not.toBeInTheDocument()
    expect(
      row(screen.getByRole('region', { name: 'Assisted return (AVRR)' }), 'Assisted voluntary return (AVRR)?'),
    ).toBe('No')

    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: 'Case saved' })
    await openCase(() => user.click(screen.getByRole('link', { name: 'Open the case' })))
    await screen.findByRole('heading', { name: 'Mohamed Issoufou', level: 1 })
    const avrr = await screen.findByRole('region', { name: 'Assisted return' })
    expect(row(avrr, 'Assisted voluntary return (AVRR)?')).toBe('No')
    expect(within(avrr).queryByText('Nothing recorded yet.')).not.toBeInTheDocument()
    expect(row(screen.getByRole('region', { name: 'Vulnerabilities' }), 'Vulnerabilities')).toBe('None')
  }, 60_000)
})
