/** Registering a family member: the form says whose household the person joins, from its first step and after a reload too. */
import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import {
  choose,
  fillIdentity,
  next,
  renderRegistration,
  skipToReview,
  fillConsent,
  stepHeading,
} from './registration-harness'

const joins = () => screen.queryByText(/^Joins the household of/)

describe('a family member’s household', () => {
  it('says from the first step whose household the person joins', async () => {
    const first = await renderRegistration({ caseCode: '7K' })
    const { user, db, session } = first
    await fillConsent(user)
    await fillIdentity(user, { given: 'Fatoumata', family: 'Camara', born: '1990-02-02' })
    await skipToReview(user)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: 'Case saved' })
    await user.click(screen.getByRole('button', { name: 'Register a family member' }))

    await stepHeading(/Step 1 of 7: Consent/)
    // from the first step, under the form's title
    expect(joins()).toHaveTextContent('Joins the household of Fatoumata Camara (AGZ-7K-0001).')
    expect(screen.getByRole('heading', { name: 'Register a person', level: 1 }).nextElementSibling).toBe(joins())
    await choose(user, 'Consent to data processing', 'Yes')
    await choose(user, /Who gives consent/, 'A parent or guardian')
    await choose(user, 'Consent to sharing with partners', 'Yes')
    await next(user)
    await stepHeading(/Identity/)
    expect(joins()).toHaveTextContent('Joins the household of Fatoumata Camara (AGZ-7K-0001).')
    await fillIdentity(user, { given: 'Ousmane', family: 'Camara', sex: 'Male', age: 6 })
    await stepHeading(/Household/)
    expect(joins()).toHaveTextContent('Joins the household of Fatoumata Camara (AGZ-7K-0001).')

    // not in the group after all: nothing said
    await choose(user, 'Travelling with family members or a group?', 'No')
    expect(joins()).not.toBeInTheDocument()
    await choose(user, 'Travelling with family members or a group?', 'Yes')
    expect(joins()).toHaveTextContent('Fatoumata Camara (AGZ-7K-0001)')
    await user.selectOptions(screen.getByLabelText('Relationship in the family or group'), 'child')
    await next(user)
    await stepHeading(/Journey/)
    first.unmount() // a reload, a crash or an app update

    const again = await renderRegistration({ reuse: { db, session } })
    await stepHeading(/Journey/)
    await again.user.click(screen.getByRole('button', { name: 'Back' }))
    await stepHeading(/Household/)
    expect(joins()).toHaveTextContent('Joins the household of Fatoumata Camara (AGZ-7K-0001).')
  }, 60_000)

  it('says nothing for a person registered on their own', async () => {
    const { user } = await renderRegistration()
    await fillConsent(user)
    await fillIdentity(user, { given: 'Awa', family: 'Koné' })
    await stepHeading(/Household/)
    await choose(user, 'Travelling with family members or a group?', 'Yes')
    expect(joins()).not.toBeInTheDocument()
  }, 30_000)
})
