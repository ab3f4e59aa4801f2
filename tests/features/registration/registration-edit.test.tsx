/** Editing a case in the same stepped form: a new version and an 'edited' event naming what changed. */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { getRecord, listRecords, saveRecord } from '@/data/records'
import { namedRegistration } from '../../helpers/records'
import { group, next, renderRegistration, stepHeading } from './registration-harness'

const person = namedRegistration({
  givenName: 'Aïchatou',
  familyName: 'Traoré',
  caseNumber: 'AGZ-3F-0012',
  migration: { originCountry: 'MLI', transitCountries: [], reasonsForLeaving: ['economic'], abuseEnRoute: [] },
  vulnerabilities: [],
})

describe('editing a case', () => {
  it('opens at the step asked for, saves a new version and an edited event with the changed sections', async () => {
    const { user, db, session } = await renderRegistration({
      path: `/cases/${person.id}/edit?step=journey`,
      seed: async (fresh) => void (await saveRecord(fresh, 'registration', person)),
    })
    await screen.findByRole('heading', { name: 'Edit the case', level: 1 })
    await stepHeading(/Step 4 of 7: Journey/)
    expect(screen.getByLabelText('Country of origin')).toHaveValue('MLI')
    await user.type(screen.getByLabelText('Town of origin'), 'Kayes')
    await next(user)
    await stepHeading(/Vulnerabilities/)
    await user.click(screen.getByLabelText('Pregnant or breastfeeding'))
    await next(user)
    await next(user)
    await stepHeading(/Review and save/)
    await user.click(screen.getByRole('button', { name: 'Save' }))

    expect(await screen.findByRole('heading', { name: `Case page ${person.id} (saved)` })).toBeInTheDocument()
    const saved = await getRecord(db, 'registration', person.id)
    expect(saved?.data).toMatchObject({
      caseNumber: 'AGZ-3F-0012',
      givenName: 'Aïchatou',
      registeredBy: person.registeredBy,
      migration: { originCountry: 'MLI', originTown: 'Kayes' },
      vulnerabilities: ['pregnant_or_lactating'],
    })
    expect(saved?.data.createdAt).toBe(person.createdAt)
    const events = await listRecords(db, 'caseEvent')
    expect(events).toHaveLength(1)
    expect(events[0]?.data).toMatchObject({
      kind: 'edited',
      registrationId: person.id,
      siteCode: 'AGZ-TC',
      by: session.user.id,
      sections: ['journey', 'vulnerabilities'],
    })
  }, 30_000)

  it('saves nothing when nothing changed, and keeps consent to processing out of reach', async () => {
    const { user, db } = await renderRegistration({
      path: `/cases/${person.id}/edit`,
      seed: async (fresh) => void (await saveRecord(fresh, 'registration', person)),
    })
    await stepHeading(/Step 1 of 7: Consent/)
    expect(screen.getByText(/To withdraw it, use the case page/)).toBeInTheDocument()
    expect(screen.queryByRole('group', { name: 'Consent to data processing' })).not.toBeInTheDocument()
    expect(within(group('Consent to sharing with partners')).getByLabelText('Yes')).toBeChecked()
    for (let i = 0; i < 6; i++) await next(user)
    await stepHeading(/Review and save/)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: `Case page ${person.id}` })
    expect(await listRecords(db, 'caseEvent')).toHaveLength(0)
    expect(await db.outbox.count()).toBe(1) // the seeded version only
  }, 30_000)

  it('says when the case is not on this phone', async () => {
    await renderRegistration({ path: '/cases/01890000-0000-7000-8000-00000000dead/edit' })
    expect(await screen.findByText('This case is not on this phone.')).toBeInTheDocument()
  })
})

describe('editing a departed case', () => {
  const departed = namedRegistration({
    caseStatus: 'departed',
    avrr: {
      category: 'avr',
      voluntarinessSigned: true,
      travelDocumentStatus: 'issued',
      fitToTravel: true,
      destinationCountry: 'MLI',
      reintegrationCounselling: true,
    },
  })

  it('refuses to undo its AVRR readiness, saying why at the AVRR answers', async () => {
    const { user, db } = await renderRegistration({
      path: `/cases/${departed.id}/edit?step=avrr`,
      seed: async (fresh) => void (await saveRecord(fresh, 'registration', departed)),
    })
    await stepHeading(/Assisted return/)
    await user.selectOptions(screen.getByLabelText('Travel document'), 'requested')
    await next(user)
    const avrr = group('Assisted voluntary return (AVRR)?')
    expect(within(avrr).getByText(/Departed needs the voluntariness declaration signed/)).toBeInTheDocument()
    expect(within(avrr).getByLabelText('Yes')).toHaveFocus()
    await user.selectOptions(screen.getByLabelText('Travel document'), 'issued')
    await next(user)
    await stepHeading(/Review and save/)
    expect(await listRecords(db, 'caseEvent')).toHaveLength(0)
  }, 30_000)
})
