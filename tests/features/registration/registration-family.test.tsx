/** After a save: the case number, and a family member registered into the same household group. */
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
  skipToReview,
  stepHeading,
} from './registration-harness'

describe('registering a family', () => {
  it('links the family member to the first person through one group id, each with the next case number', async () => {
    const { user, db } = await renderRegistration({ caseCode: '7K' })
    await fillConsent(user)
    await fillIdentity(user, { given: 'Fatoumata', family: 'Camara', born: '1990-02-02' })
    await skipToReview(user)
    await user.click(await screen.findByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: 'Case saved' })
    expect(screen.getByText('AGZ-7K-0001')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Register a family member' }))
    await stepHeading(/Step 1 of 7: Consent/)
    expect(screen.getByLabelText('Entry channel')).toHaveValue('walk_in')
    await choose(user, 'Consent to data processing', 'Yes')
    await choose(user, /Who gives consent/, 'A parent or guardian')
    await choose(user, 'Consent to sharing with partners', 'Yes')
    await next(user)
    await fillIdentity(user, { given: 'Ousmane', family: 'Camara', sex: 'Male', age: 6 })
    await stepHeading(/Household/)
    expect(within(group('Travelling with family members or a group?')).getByLabelText('Yes')).toBeChecked()
    await next(user)
    expect(screen.getByLabelText('Relationship in the family or group')).toHaveAccessibleDescription(/Required\./)
    await user.selectOptions(screen.getByLabelText('Relationship in the family or group'), 'child')
    await next(user)
    for (const step of [/Journey/, /Vulnerabilities/, /Assisted return/]) {
      await stepHeading(step)
      await next(user)
    }
    await user.click(await screen.findByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: 'Case saved' })
    expect(screen.getByText('AGZ-7K-0002')).toBeInTheDocument()

    const records = await listRecords(db, 'registration')
    const mother = records.find((r) => r.data.caseNumber === 'AGZ-7K-0001')?.data
    const child = records.find((r) => r.data.caseNumber === 'AGZ-7K-0002')?.data
    if (!mother?.consentProcessing || !child?.consentProcessing) throw new Error('both are named cases')
    expect(mother.household).toEqual({ groupId: expect.any(String), relationship: 'head' })
    expect(child.household).toEqual({ groupId: mother.household?.groupId, relationship: 'child' })
    expect(child.consentGivenBy).toBe('guardian')
    // the first person joined the group by an edit: its timeline says so
    const events = await listRecords(db, 'caseEvent')
    expect(events.map((e) => [e.data.kind, e.data.registrationId, e.data.sections])).toEqual([
      ['edited', mother.id, ['household']],
    ])
  }, 60_000)

  it('starts an empty form for another person, in no group', async () => {
    const { user } = await renderRegistration()
    await fillConsent(user, { consent: 'No' })
    await choose(user, 'Sex', 'Male')
    await user.selectOptions(screen.getByLabelText('Age group'), '12_17')
    await user.selectOptions(screen.getByLabelText('Nationality'), 'NGA')
    await next(user)
    await next(user)
    await user.click(await screen.findByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: 'Case saved' })
    await user.click(screen.getByRole('button', { name: 'Register another person' }))
    await stepHeading(/Step 1 of 7: Consent/)
    expect(screen.getByLabelText('Entry channel')).toHaveValue('')
    expect(screen.queryByText('Your unfinished form was restored.')).not.toBeInTheDocument()
  }, 30_000)
})
