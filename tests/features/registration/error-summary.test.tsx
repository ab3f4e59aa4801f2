/** A refused Next says every answer to fix in a summary at the top, each a link to its field, as the case forms do. */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { choose, fillConsent, next, renderRegistration, stepHeading } from './registration-harness'

const summary = () => screen.queryByRole('alert', { name: 'Check these fields:' })
const links = () =>
  within(summary()!)
    .getAllByRole('link')
    .map((a) => a.textContent)

describe('registration error summary', () => {
  it('lists the step’s answers to fix, links to each, follows the fixes and goes with the step', async () => {
    const { user } = await renderRegistration()
    await stepHeading(/Step 1 of 7: Consent/)
    expect(summary()).not.toBeInTheDocument()
    await next(user)
    expect(links()).toEqual(['Entry channel: Required.', 'Consent to data processing: Required.'])
    // the first answer to fix keeps the focus, as before
    expect(screen.getByLabelText('Entry channel')).toHaveFocus()

    await user.click(within(summary()!).getByRole('link', { name: 'Consent to data processing: Required.' }))
    expect(
      within(screen.getByRole('group', { name: 'Consent to data processing' })).getByLabelText('Yes'),
    ).toHaveFocus()
    await user.selectOptions(screen.getByLabelText('Entry channel'), 'walk_in')
    expect(links()).toEqual(['Consent to data processing: Required.'])
    await choose(user, 'Consent to data processing', 'Yes')
    await choose(user, 'Consent to sharing with partners', 'Yes')
    expect(summary()).not.toBeInTheDocument()
    await next(user)
    await stepHeading(/Step 2 of 7: Identity/)
    expect(summary()).not.toBeInTheDocument()

    await user.type(screen.getByLabelText('Phone (optional)'), 'call me')
    await next(user)
    expect(links()).toEqual([
      'Given name: Required.',
      'Family name: Required.',
      'Sex: Required.',
      'Date of birth: Required.',
      'Nationality: Required.',
      'Phone (optional): Digits, spaces and an optional leading +.',
    ])
  }, 30_000)

  it('says it in French', async () => {
    const { user } = await renderRegistration()
    await fillConsent(user)
    await stepHeading(/Identity/)
    const { setLanguage } = await import('@/i18n/i18n')
    await setLanguage('fr')
    await user.click(screen.getByRole('button', { name: 'Suivant' }))
    // French typography: a (non-breaking) space before each colon
    const box = screen.getByRole('alert', { name: /^Vérifiez ces champs\s:$/ })
    expect(within(box).getByRole('link', { name: /^Prénom\s:\sObligatoire\.$/ })).toBeInTheDocument()
  }, 30_000)
})
