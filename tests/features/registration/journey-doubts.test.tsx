/** Journey answers the person's age makes doubtful: a word to check again at the journey step and on the review, never a refusal. */
import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { listRecords } from '@/data/records'
import { fillConsent, fillIdentity, next, renderRegistration, setDate, stepHeading } from './registration-harness'

const doubt = () => screen.queryByRole('note', { name: 'To check' })

describe('journey doubts', () => {
  it('says months in Libya beyond the person’s life and a departure before birth, and saves them as answered', async () => {
    const { user, db } = await renderRegistration()
    await fillConsent(user)
    await fillIdentity(user, { given: 'Ibrahim', family: 'Sow', sex: 'Male', born: '1998-03-14' })
    await stepHeading(/Household/)
    await next(user)
    await stepHeading(/Journey/)
    await user.type(screen.getByLabelText('Months spent in Libya'), '500')
    expect(doubt()).toHaveTextContent(
      '“Months spent in Libya” is longer than the person has lived, by the age given. Check the age or this answer.',
    )
    await user.clear(screen.getByLabelText('Months spent in Libya'))
    await user.type(screen.getByLabelText('Months spent in Libya'), '50')
    expect(doubt()).not.toBeInTheDocument()
    setDate('Date left home', '1990-01-01')
    expect(doubt()).toHaveTextContent('The date left home is before the person’s birth, by the age given.')

    await next(user) // a word, not a problem
    await stepHeading(/Vulnerabilities/)
    await next(user)
    await stepHeading(/Assisted return/)
    await next(user)
    await stepHeading(/Review and save/)
    expect(doubt()).toHaveTextContent('The date left home is before the person’s birth')
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: 'Case saved' })
    const [record] = await listRecords(db, 'registration')
    expect(record?.data).toMatchObject({ migration: { monthsInLibya: 50, leftHomeOn: '1990-01-01' } })
  }, 30_000)
})
