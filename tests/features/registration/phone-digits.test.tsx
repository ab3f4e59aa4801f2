/**
 * A phone number typed with the phone's Arabic digits is saved in ASCII digits, as the
 * server takes it; what is not a phone number is said at the field, whatever its digits.
 */
import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { listRecords } from '@/data/records'
import { fillConsent, fillIdentity, next, renderRegistration, skipToReview, stepHeading } from './registration-harness'

describe('phone number digits', () => {
  it('saves a number typed in Arabic-Indic digits in ASCII digits', async () => {
    const { user, db } = await renderRegistration()
    await fillConsent(user)
    await fillIdentity(user, { given: 'Aïcha', family: 'Moussa' }, { goOn: false })
    const phone = screen.getByLabelText('Phone (optional)')
    await user.type(phone, '\u200f+٢٢٧ ٩٠ ١٢ ۳۴ ۵۶')
    await next(user)
    await skipToReview(user)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: 'Case saved' })
    const [record] = await listRecords(db, 'registration')
    expect(record?.data).toMatchObject({ givenName: 'Aïcha', phone: '+227 90 12 34 56' })
  }, 30_000)

  it('says at the field what is not a phone number, in Arabic digits too', async () => {
    const { user } = await renderRegistration()
    await fillConsent(user)
    await fillIdentity(user, { given: 'Aïcha', family: 'Moussa' }, { goOn: false })
    const phone = screen.getByLabelText('Phone (optional)')
    await user.type(phone, '٩٠-١٢-٣٤-٥٦')
    await next(user)
    await stepHeading(/Identity/)
    expect(phone).toHaveAttribute('aria-invalid', 'true')
    expect(phone).toHaveAccessibleDescription(/Digits, spaces and an optional leading \+\./)
    // as typed: nothing is rewritten under the user's fingers
    expect(phone).toHaveValue('٩٠-١٢-٣٤-٥٦')
  }, 30_000)
})
