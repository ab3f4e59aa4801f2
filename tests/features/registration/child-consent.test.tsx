/**
 * A child said to consent for themselves: a word to check again beside who gives consent,
 * the birth date and on the review, never a refusal (the reverse, a guardian's consent for
 * an adult, is the shared rule not_a_child).
 */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { listRecords } from '@/data/records'
import {
  choose,
  fillConsent,
  fillIdentity,
  group,
  next,
  renderRegistration,
  setDate,
  stepHeading,
} from './registration-harness'

const doubt = () => screen.queryByRole('note', { name: 'To check' })
const words = /By the age given this person is a child \(under 18\), yet they give consent themselves\./

describe('a child consenting for themselves', () => {
  it('is said beside the birth date, at the consent and on the review, and saved as answered', async () => {
    const { user, db } = await renderRegistration()
    await fillConsent(user) // "The person" gives consent
    await fillIdentity(user, { given: 'Moussa', family: 'Issa', sex: 'Male', born: '2022-03-14' }, { goOn: false })
    expect(doubt()).toHaveTextContent(words)
    setDate('Date of birth', '1998-03-14')
    expect(doubt()).not.toBeInTheDocument()
    setDate('Date of birth', '2022-03-14')
    expect(doubt()).toHaveTextContent('Check the age or who gives consent.')

    await user.click(screen.getByRole('button', { name: 'Back' }))
    await stepHeading(/Step 1 of 7: Consent/)
    expect(doubt()).toHaveTextContent(words)
    await next(user)
    await next(user) // a word, not a problem: Next goes on
    for (const step of [/Household/, /Journey/, /Vulnerabilities/, /Assisted return/]) {
      await stepHeading(step)
      await next(user)
    }
    await stepHeading(/Review and save/)
    expect(doubt()).toHaveTextContent(words)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: 'Case saved' })
    const [record] = await listRecords(db, 'registration')
    expect(record?.data).toMatchObject({ consentGivenBy: 'person', dateOfBirth: '2022-03-14' })
  }, 30_000)

  it('goes once a guardian gives consent, and reads an estimated age of 17 as a child', async () => {
    const { user } = await renderRegistration()
    await fillConsent(user)
    await fillIdentity(user, { given: 'Awa', family: 'Koné', age: 17 }, { goOn: false })
    expect(doubt()).toHaveTextContent(words)
    await user.clear(screen.getByLabelText('Estimated age (years)'))
    await user.type(screen.getByLabelText('Estimated age (years)'), '18')
    expect(doubt()).not.toBeInTheDocument()
    await user.clear(screen.getByLabelText('Estimated age (years)'))
    await user.type(screen.getByLabelText('Estimated age (years)'), '9')
    await user.click(screen.getByRole('button', { name: 'Back' }))
    await stepHeading(/Step 1 of 7: Consent/)
    await choose(user, /Who gives consent/, 'A parent or guardian')
    expect(within(group(/Who gives consent/)).getByLabelText('A parent or guardian')).toBeChecked()
    expect(doubt()).not.toBeInTheDocument()
  }, 30_000)
})
