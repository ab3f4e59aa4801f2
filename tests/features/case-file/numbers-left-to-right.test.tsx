/**
 * Phone, document and case numbers read left to right in Arabic: without an isolate,
 * "+227 96 12 34 56" is drawn as "56 34 12 96 227+" and a worker dials a wrong number.
 */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from '../helpers/render-app'
import { fillConsent, fillIdentity, renderRegistration, skipToReview } from '../registration/registration-harness'
import { person, seedCase } from './case-seed'

/** The element that sets the direction of this text: the nearest one with a dir. */
const directionOf = (text: string, container: HTMLElement = document.body) =>
  within(container).getByText(text).closest('[dir]')?.getAttribute('dir')

describe('numbers in a right-to-left page', () => {
  it('isolates the phone, the document number and the case numbers on the case page in Arabic', async () => {
    const groupId = '01890000-0000-7000-8000-0000000000bb'
    const head = person({
      phone: '+227 96 12 34 56',
      document: { type: 'passport', number: 'NE 123 456' },
      household: { groupId, relationship: 'head' },
    })
    const child = person({
      caseNumber: 'AGZ-7K-0043',
      givenName: 'Aminata',
      dateOfBirth: '2019-05-01',
      household: { groupId, relationship: 'child' },
    })
    await renderApp({
      path: `/cases/${head.id}`,
      lang: 'ar',
      seed: async (db) => {
        await seedCase(db, head)
        await seedCase(db, child)
      },
    })
    await screen.findByRole('heading', { name: 'Mamadou Diallo', level: 1 })
    expect(document.documentElement).toHaveAttribute('dir', 'rtl')
    const sections = (await screen.findByRole('heading', { level: 2, name: 'الملف' })).closest('section')!
    expect(directionOf('+227 96 12 34 56', sections)).toBe('ltr')
    expect(directionOf('NE 123 456', sections)).toBe('ltr')
    expect(directionOf('AGZ-7K-0042')).toBe('ltr')
    expect(await within(sections).findByText('AGZ-7K-0043')).toBeInTheDocument()
    expect(directionOf('AGZ-7K-0043', sections)).toBe('ltr')
  })

  it('isolates the case numbers of the case list in Arabic', async () => {
    await renderApp({ path: '/cases', lang: 'ar', seed: (db) => seedCase(db, person()) })
    expect(await screen.findByText('AGZ-7K-0042')).toBeInTheDocument()
    expect(directionOf('AGZ-7K-0042')).toBe('ltr')
  })

  it('isolates the phone and the document number on the review step', async () => {
    const { user } = await renderRegistration()
    await fillConsent(user)
    await fillIdentity(user, { given: 'Aminata', family: 'Keita' }, { goOn: false })
    await user.type(screen.getByLabelText('Phone (optional)'), '+227 96 12 34 56')
    await user.selectOptions(screen.getByLabelText('ID document type'), 'passport')
    await user.type(screen.getByLabelText('Document number'), 'NE 123 456')
    await user.click(screen.getByRole('button', { name: 'Next' }))
    await skipToReview(user)
    const identity = screen.getByRole('region', { name: 'Identity' })
    expect(directionOf('+227 96 12 34 56', identity)).toBe('ltr')
    expect(directionOf('NE 123 456', identity)).toBe('ltr')
  }, 30_000)
})
