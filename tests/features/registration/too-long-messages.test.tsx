/** A text too long says its limit: the field's, or each name's in a list of names. */
import { fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { fillConsent, fillIdentity, next, renderRegistration } from './registration-harness'

describe('registration text limits', () => {
  it('says how many characters a field and each other name may hold', async () => {
    const { user } = await renderRegistration()
    await fillConsent(user)
    await fillIdentity(user, { given: 'Awa', family: 'Koné', age: 30 }, { goOn: false })
    const given = screen.getByLabelText('Given name')
    const aliases = screen.getByLabelText('Other names (optional)')
    fireEvent.change(given, { target: { value: 'A'.repeat(150) } })
    fireEvent.change(aliases, { target: { value: 'B'.repeat(5000) } })
    await next(user)
    expect(given).toHaveAccessibleDescription(expect.stringContaining('At most 100 characters.'))
    expect(aliases).toHaveAccessibleDescription(expect.stringContaining('At most 100 characters each.'))
    expect(
      screen.getByRole('link', { name: 'Other names (optional): At most 100 characters each.' }),
    ).toBeInTheDocument()
  })
})
