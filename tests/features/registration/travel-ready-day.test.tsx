/**
 * A planned travel day is not before the day the case was registered, nor does the
 * registration day move after the case's work (CASE_RULES): said at the field as the
 * server would refuse it; a case stored before the rule still saves the edits that leave
 * those days alone.
 */
import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { getRecord, saveRecord } from '@/data/records'
import type { NamedRegistration } from '@/shared/schemas/registration'
import { namedRegistration } from '../../helpers/records'
import { assistance, referral } from '../../server/helpers/case-records'
import { next, renderRegistration, setDate, skipToReview, stepHeading } from './registration-harness'

const AVRR: NonNullable<NamedRegistration['avrr']> = {
  category: 'avr',
  voluntarinessSigned: true,
  travelDocumentStatus: 'requested',
  destinationCountry: 'MLI',
  reintegrationCounselling: false,
}
const READY = 'Ready to travel on (optional)'

describe('the travel-ready day', () => {
  it('is refused before the registration day, at the field, keeping what was typed', async () => {
    const person = namedRegistration({ registeredOn: '2026-11-29', avrr: AVRR })
    const { user, db } = await renderRegistration({
      path: `/cases/${person.id}/edit?step=avrr`,
      seed: async (fresh) => void (await saveRecord(fresh, 'registration', person)),
    })
    await stepHeading(/Assisted return/)
    await user.type(screen.getByLabelText('Return town (optional)'), 'Kayes')
    setDate(READY, '1999-01-01')
    await next(user)
    expect(screen.getByLabelText(READY)).toHaveAccessibleDescription(
      /This date is before the day the case was registered\./,
    )
    expect(screen.getByLabelText('Return town (optional)')).toHaveValue('Kayes')
    setDate(READY, '2026-11-29')
    await next(user)
    await stepHeading(/Review and save/)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: `Case page ${person.id} (saved)` })
    expect((await getRecord(db, 'registration', person.id))?.data).toMatchObject({
      avrr: { travelReadyOn: '2026-11-29', destinationTown: 'Kayes' },
    })
  }, 30_000)

  it('does not stop an edit of another answer of a case stored with an earlier travel day', async () => {
    const person = namedRegistration({ registeredOn: '2026-11-29', avrr: { ...AVRR, travelReadyOn: '1999-01-01' } })
    const { user, db } = await renderRegistration({
      path: `/cases/${person.id}/edit?step=avrr`,
      seed: async (fresh) => void (await saveRecord(fresh, 'registration', person)),
    })
    await stepHeading(/Assisted return/)
    await user.type(screen.getByLabelText('Return town (optional)'), 'Kayes')
    await next(user)
    await stepHeading(/Review and save/)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: `Case page ${person.id} (saved)` })
    expect((await getRecord(db, 'registration', person.id))?.data).toMatchObject({
      avrr: { travelReadyOn: '1999-01-01', destinationTown: 'Kayes' },
    })
  }, 30_000)
})

describe('the registration day of a case with work', () => {
  it('does not move after the day of its assistance or referrals, said at the registration date', async () => {
    const person = namedRegistration({ registeredOn: '2026-11-29' })
    const { user, db } = await renderRegistration({
      path: `/cases/${person.id}/edit?step=consent`,
      seed: async (fresh) => {
        await saveRecord(fresh, 'registration', person)
        await saveRecord(fresh, 'assistance', assistance(person.id, { providedOn: '2026-12-02' }))
        await saveRecord(fresh, 'referral', referral(person.id, { sentOn: '2026-11-30', statusOn: '2026-11-30' }))
      },
    })
    await stepHeading(/Consent/)
    setDate('Registration date', '2026-12-01')
    setDate('Consent date', '2026-12-01')
    await next(user)
    expect(screen.getByLabelText('Registration date')).toHaveAccessibleDescription(
      /Assistance or a referral of this case is dated before this day\./,
    )
    // up to the day of its first work
    setDate('Registration date', '2026-11-30')
    setDate('Consent date', '2026-11-30')
    await next(user)
    await stepHeading(/Identity/)
    await next(user)
    await skipToReview(user)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: `Case page ${person.id} (saved)` })
    expect((await getRecord(db, 'registration', person.id))?.data.registeredOn).toBe('2026-11-30')
  }, 30_000)
})
