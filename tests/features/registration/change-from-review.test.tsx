/** "Change" on the review step: Next on the step changed goes back to the review, not on through every step. */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { fillConsent, fillIdentity, next, renderRegistration, skipToReview, stepHeading } from './registration-harness'

const reviewed = (section: string) => screen.getByRole('region', { name: section })

describe('changing an answer from the review', () => {
  it('returns to the review on Next once the step changed passes', async () => {
    const { user } = await renderRegistration()
    await fillConsent(user)
    await fillIdentity(user, { given: 'Aminata', family: 'Keita' })
    await skipToReview(user)

    await user.click(screen.getByRole('button', { name: 'Change: Identity' }))
    await stepHeading(/Step 2 of 7: Identity/)
    await user.clear(screen.getByLabelText('Family name'))
    await next(user) // refused: the step is checked as ever
    await stepHeading(/Step 2 of 7: Identity/)
    expect(screen.getByLabelText('Family name')).toHaveFocus()
    await user.type(screen.getByLabelText('Family name'), 'Kéita')
    await next(user)
    await stepHeading(/Step 7 of 7: Review and save/)
    expect(within(reviewed('Identity')).getByText('Kéita')).toBeInTheDocument()

    // from the review again, then a plain walk: Next goes on step by step
    await user.click(screen.getByRole('button', { name: 'Change: Journey' }))
    await stepHeading(/Step 4 of 7: Journey/)
    await user.click(screen.getByRole('button', { name: 'Back' }))
    await stepHeading(/Step 3 of 7: Household/)
    await next(user)
    await stepHeading(/Step 4 of 7: Journey/)
    await next(user)
    await stepHeading(/Step 5 of 7: Vulnerabilities/)
  }, 30_000)
})
