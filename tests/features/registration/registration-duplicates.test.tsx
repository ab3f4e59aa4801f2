/** Possible duplicates while typing: shown with a way to open the case, saved as possibleDuplicateOf, never merged. */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { CaseSummary } from '@/cases/case-finder'
import { getRecord, listRecords } from '@/data/records'
import { newId } from '@/shared/ids'
import {
  fillConsent,
  fillIdentity,
  next,
  renderRegistration,
  setDate,
  skipToReview,
  stepHeading,
  testFinder,
} from './registration-harness'

function existing(overrides: Partial<CaseSummary>): CaseSummary {
  return {
    id: newId(),
    siteCode: 'AGZ-TC',
    named: true,
    sex: 'male',
    nationality: 'GIN',
    registeredOn: '2026-10-02',
    caseStatus: 'registered',
    vulnerabilities: [],
    possibleDuplicate: false,
    state: 'sent',
    localUpdatedAt: '2026-10-02T10:00:00.000Z',
    ...overrides,
  }
}

const mamadou = existing({
  givenName: 'Mamadou',
  familyName: 'Diallo',
  dateOfBirth: '1998-03-14',
  caseNumber: 'AGZ-3F-0007',
})
const other = existing({ givenName: 'Ibrahim', familyName: 'Sow', dateOfBirth: '1998-01-01' })

describe('possible duplicates', () => {
  it('warns once name and birth date are typed, links to the case, and saves the pair for a supervisor', async () => {
    const { user, db } = await renderRegistration({ finder: testFinder([mamadou, other]) })
    await fillConsent(user)
    await stepHeading(/Identity/)
    await user.type(screen.getByLabelText('Given name'), 'Mamadou')
    await user.type(screen.getByLabelText('Family name'), 'Diallo')
    await user.click(screen.getByLabelText('Male'))
    // no birth date yet: no warning
    expect(screen.queryByText('Possible duplicate: open this case?')).not.toBeInTheDocument()
    setDate('Date of birth', '1998-03-14')
    await user.selectOptions(screen.getByLabelText('Nationality'), 'GIN')

    const warning = await screen.findByRole('alert')
    expect(within(warning).getByText('Possible duplicate: open this case?')).toBeInTheDocument()
    const rows = within(warning).getAllByRole('listitem')
    expect(rows).toHaveLength(1)
    expect(rows[0]).toHaveTextContent('Mamadou Diallo')
    // the birth is said once the case's record says whether it is an age only
    await waitFor(() => expect(rows[0]).toHaveTextContent(/AGZ-3F-0007 · born Mar 14, 1998/))
    // the case number reads left to right in Arabic too
    expect(within(rows[0]!).getByText('AGZ-3F-0007')).toHaveAttribute('dir', 'ltr')
    expect(rows[0]).toHaveTextContent(/Guinea · Agadez transit centre/)
    expect(within(warning).getByRole('link', { name: 'Open this case' })).toHaveAttribute(
      'href',
      `/cases/${mamadou.id}`,
    )

    await user.click(within(warning).getByRole('button', { name: 'Register anyway' }))
    await stepHeading(/Household/)
    await user.click(screen.getByRole('button', { name: 'Back' }))
    expect(await screen.findByText(/You chose to register anyway/)).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    await next(user)
    await skipToReview(user)
    await user.click(screen.getByRole('button', { name: 'Save' }))

    await screen.findByRole('heading', { name: 'Case saved' })
    const [record] = await listRecords(db, 'registration')
    expect(record?.data).toMatchObject({
      givenName: 'Mamadou',
      familyName: 'Diallo',
      possibleDuplicateOf: [mamadou.id],
    })
    expect(await getRecord(db, 'registration', mamadou.id)).toBeUndefined() // nothing merged or touched
  }, 30_000)

  it('opens the existing case from the warning', async () => {
    const { user } = await renderRegistration({ finder: testFinder([mamadou]) })
    await fillConsent(user)
    await fillIdentity(user, { given: 'Mamadou', family: 'Diallo', sex: 'Male', born: '1998-03-14' }, { goOn: false })
    await user.click(await screen.findByRole('link', { name: 'Open this case' }))
    expect(await screen.findByRole('heading', { name: `Case page ${mamadou.id}` })).toBeInTheDocument()
  }, 30_000)

  it('shows no warning while the finder is not ready', async () => {
    const { user, db } = await renderRegistration({ finder: undefined })
    await fillConsent(user)
    await fillIdentity(user, { given: 'Mamadou', family: 'Diallo', sex: 'Male', born: '1998-03-14' })
    expect(screen.queryByText('Possible duplicate: open this case?')).not.toBeInTheDocument()
    await skipToReview(user)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: 'Case saved' })
    const [record] = await listRecords(db, 'registration')
    expect(record?.data).not.toHaveProperty('possibleDuplicateOf')
  }, 30_000)
})
