/** "Register anyway" goes on when the step passes, and shows no error before a refused Next. */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { CaseSummary } from '@/cases/case-finder'
import { newId } from '@/shared/ids'
import { choose, fillConsent, next, renderRegistration, setDate, stepHeading, testFinder } from './registration-harness'

const mamadou: CaseSummary = {
  id: newId(),
  siteCode: 'AGZ-TC',
  caseNumber: 'AGZ-3F-0007',
  named: true,
  givenName: 'Mamadou',
  familyName: 'Diallo',
  sex: 'male',
  nationality: 'GIN',
  dateOfBirth: '1998-03-14',
  registeredOn: '2026-10-02',
  caseStatus: 'registered',
  vulnerabilities: [],
  possibleDuplicate: false,
  state: 'sent',
  localUpdatedAt: '2026-10-02T10:00:00.000Z',
}

describe('register anyway', () => {
  it('folds the warning without an error while answers are missing, then Next says them', async () => {
    const { user } = await renderRegistration({ finder: testFinder([mamadou]) })
    await fillConsent(user)
    await stepHeading(/Identity/)
    await user.type(screen.getByLabelText('Given name'), 'Mamadou')
    await user.type(screen.getByLabelText('Family name'), 'Diallo')
    await choose(user, 'Sex', 'Male')
    setDate('Date of birth', '1998-03-14')
    const warning = await screen.findByRole('alert')
    await user.click(within(warning).getByRole('button', { name: 'Register anyway' }))

    // no nationality yet: still here, the way on shown by focus, not by an error
    await stepHeading(/Step 2 of 7: Identity/)
    expect(await screen.findByText(/You chose to register anyway/)).toBeInTheDocument()
    expect(screen.getByLabelText('Nationality')).toHaveFocus()
    expect(screen.queryByText('Required.')).not.toBeInTheDocument()
    expect(screen.getByLabelText('Nationality')).not.toHaveAttribute('aria-invalid')

    await next(user)
    expect(screen.getByLabelText('Nationality')).toHaveAccessibleDescription(/Required\./)
    await user.selectOptions(screen.getByLabelText('Nationality'), 'GIN')
    await next(user)
    await stepHeading(/Household/)
  }, 30_000)
})
