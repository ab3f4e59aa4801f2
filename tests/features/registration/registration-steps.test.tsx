/** Next checks one step at a time, says what to fix at the field, and Back loses nothing. */
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
  skipToReview,
  stepHeading,
} from './registration-harness'

describe('registration steps', () => {
  it('shows inline errors for the step only, focuses the first, and keeps everything on Back', async () => {
    const { user } = await renderRegistration()
    await stepHeading(/Step 1 of 7: Consent/)
    await next(user)

    const entry = screen.getByLabelText('Entry channel')
    expect(entry).toHaveAttribute('aria-invalid', 'true')
    expect(entry).toHaveAccessibleDescription(/Required\./)
    expect(entry).toHaveFocus()
    expect(within(group('Consent to data processing')).getByText('Required.')).toBeInTheDocument()
    // still on the first step: nothing of the next steps was checked
    await stepHeading(/Step 1 of 7/)

    await user.selectOptions(entry, 'walk_in')
    expect(entry).not.toHaveAttribute('aria-invalid') // a fixed answer loses its message at once
    await choose(user, 'Consent to data processing', 'Yes')
    await choose(user, 'Consent to sharing with partners', 'No')
    await next(user)

    await stepHeading(/Step 2 of 7: Identity/)
    await user.type(screen.getByLabelText('Given name'), 'Fatima')
    await user.type(screen.getByLabelText('Phone (optional)'), 'call me')
    await next(user)
    expect(screen.getByLabelText('Family name')).toHaveFocus()
    expect(screen.getByLabelText('Family name')).toHaveAccessibleDescription(/Required\./)
    expect(screen.getByLabelText('Phone (optional)')).toHaveAccessibleDescription(
      /Digits, spaces and an optional leading \+\./,
    )
    expect(screen.getByLabelText('Date of birth')).toHaveAccessibleDescription(/Required\./)

    await user.click(screen.getByRole('button', { name: 'Back' }))
    await stepHeading(/Step 1 of 7: Consent/)
    expect(screen.getByLabelText('Entry channel')).toHaveValue('walk_in')
    expect(within(group('Consent to sharing with partners')).getByLabelText('No')).toBeChecked()
    await next(user)
    await stepHeading(/Step 2 of 7: Identity/)
    expect(screen.getByLabelText('Given name')).toHaveValue('Fatima')
    expect(screen.getByLabelText('Phone (optional)')).toHaveValue('call me')
  }, 30_000)

  it('goes on to the next step on Enter in a field, as Next does', async () => {
    const { user } = await renderRegistration()
    await fillConsent(user)
    await stepHeading(/Step 2 of 7: Identity/)
    await user.type(screen.getByLabelText('Given name'), 'Fatima{Enter}')
    // the step checked, as by Next: still here, focus on the first field to fix
    expect(screen.getByLabelText('Family name')).toHaveFocus()
    await stepHeading(/Step 2 of 7: Identity/)
  })

  it('says a date before 1900 is not possible, at the field', async () => {
    const { user } = await renderRegistration()
    await fillConsent(user)
    await stepHeading(/Identity/)
    setDate('Date of birth', '1850-03-14')
    await next(user)
    expect(screen.getByLabelText('Date of birth')).toHaveAccessibleDescription(
      /Not a possible date: between 1900 and today\./,
    )
  }, 30_000)

  it("registers a child whose guardian consents, and refuses a guardian's consent for an adult", async () => {
    const { user, db } = await renderRegistration()
    await fillConsent(user, { givenBy: 'A parent or guardian' })
    await fillIdentity(user, { given: 'Awa', family: 'Koné', born: '1990-05-01' }, { goOn: false })
    await next(user)
    const rule = 'Only a child’s consent is given by a guardian or in their best interest.'
    expect(screen.getByLabelText('Date of birth')).toHaveAccessibleDescription(rule)
    expect(screen.getByLabelText('Date of birth')).toHaveFocus()

    setDate('Date of birth', '2015-05-01')
    await next(user)
    await skipToReview(user)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: 'Case saved' })
    const [record] = await listRecords(db, 'registration')
    expect(record?.data).toMatchObject({ consentGivenBy: 'guardian', dateOfBirth: '2015-05-01' })
  }, 30_000)

  it('says the rule at both answers when a child under staff consent turns out to be an adult', async () => {
    const { user, db } = await renderRegistration()
    await fillConsent(user, { givenBy: 'Staff, in the child’s best interest' })
    await fillIdentity(user, { given: 'Awa', family: 'Koné', age: 12 })
    await skipToReview(user)
    await user.click(screen.getByRole('button', { name: 'Change: Identity' }))
    await stepHeading(/Identity/)
    await user.clear(screen.getByLabelText('Estimated age (years)'))
    await user.type(screen.getByLabelText('Estimated age (years)'), '30')
    await next(user)
    expect(screen.getByLabelText('Estimated age (years)')).toHaveAccessibleDescription(/Only a child’s consent/)

    await user.click(screen.getByRole('button', { name: 'Back' }))
    await stepHeading(/Step 1 of 7: Consent/)
    await next(user)
    await stepHeading(/Step 1 of 7: Consent/)
    expect(within(group(/Who gives consent/)).getByText(/Only a child’s consent/)).toBeInTheDocument()
    expect(within(group(/Who gives consent/)).getByLabelText('The person')).toHaveFocus()
    expect(await listRecords(db, 'registration')).toHaveLength(0)
  }, 30_000)
  it('says beside the flags which ones the age or sex make doubtful, and saves them all the same', async () => {
    const { user, db } = await renderRegistration()
    await fillConsent(user)
    await fillIdentity(user, { given: 'Moussa', family: 'Traoré', sex: 'Male', age: 27 })
    await stepHeading(/Household/)
    await next(user)
    await stepHeading(/Journey/)
    await next(user)
    await stepHeading(/Vulnerabilities/)
    const doubts = () => screen.queryByRole('note', { name: 'To check' })
    await user.click(screen.getByLabelText('Unaccompanied child'))
    expect(doubts()).toHaveTextContent(
      '“Unaccompanied child” is for a child, but by the age given this person is an adult.',
    )
    await user.click(screen.getByLabelText('Pregnant or breastfeeding'))
    await user.click(screen.getByLabelText('Disability'))
    expect(
      within(doubts() as HTMLElement)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      '“Unaccompanied child” is for a child, but by the age given this person is an adult. Check the age or this flag.',
      '“Pregnant or breastfeeding” is for a woman, but the sex given is male. Check the sex or this flag.',
    ])
    await user.click(screen.getByLabelText('Unaccompanied child'))
    await user.click(screen.getByLabelText('Pregnant or breastfeeding'))
    expect(doubts()).not.toBeInTheDocument()

    // the age was wrong: once it is mended, the flag stands without a word
    await user.click(screen.getByLabelText('Separated child'))
    expect(doubts()).toHaveTextContent('“Separated child” is for a child')
    await user.click(screen.getByRole('button', { name: 'Back' }))
    await user.click(screen.getByRole('button', { name: 'Back' }))
    await user.click(screen.getByRole('button', { name: 'Back' }))
    await stepHeading(/Identity/)
    await user.clear(screen.getByLabelText('Estimated age (years)'))
    await user.type(screen.getByLabelText('Estimated age (years)'), '16')
    for (const step of [/Household/, /Journey/, /Vulnerabilities/]) {
      await next(user)
      await stepHeading(step)
    }
    expect(screen.getByLabelText('Separated child')).toBeChecked()
    expect(doubts()).not.toBeInTheDocument()

    // a doubt is a word, not a problem: the flags it concerns are saved as chosen
    await user.click(screen.getByLabelText('Elderly person'))
    expect(doubts()).toHaveTextContent('“Elderly person” is for someone aged 60 or more')
    await next(user)
    await stepHeading(/Assisted return/)
    await choose(user, 'Assisted voluntary return (AVRR)?', 'No')
    await next(user)
    await stepHeading(/Review and save/)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: 'Case saved' })
    const [record] = await listRecords(db, 'registration')
    expect(record?.data).toMatchObject({ vulnerabilities: ['separated_child', 'elderly', 'disability'] })
  }, 30_000)
})
