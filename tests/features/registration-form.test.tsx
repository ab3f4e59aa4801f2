/** The registration form in the whole app: a full case file in steps, and an anonymous one. */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { loadDraft } from '@/data/drafts'
import { listRecords } from '@/data/records'
import type { Session } from '@/session/session'
import { fakeSession, renderApp } from './helpers/render-app'
import { choose, fillConsent, next, setDate, stepHeading } from './registration/registration-harness'

async function openForm(options: Parameters<typeof renderApp>[0] = {}) {
  const app = await renderApp({ path: '/register', ...options })
  await screen.findByRole('heading', { name: 'Register a person', level: 1 })
  return app
}

describe('registration form', () => {
  it('registers a named person through every step and shows the case number', async () => {
    const session = { ...fakeSession('registrar', ['AGZ-TC', 'ARL-FMP']), caseCode: '7K' } as Session
    const { user, db } = await openForm({ session })
    expect(screen.getByRole('navigation', { name: 'Steps' })).toHaveTextContent(
      /Consent.*Identity.*Household and group/,
    )

    await fillConsent(user, { entry: 'search_rescue' })
    await stepHeading(/Step 2 of 7: Identity/)
    await user.type(screen.getByLabelText('Given name'), 'Mamadou')
    await user.type(screen.getByLabelText('Family name'), 'Diallo')
    await user.type(screen.getByLabelText('Other names (optional)'), 'Mamadou Saliou, Diallo M.')
    await choose(user, 'Sex', 'Male')
    setDate('Date of birth', '1998-03-14')
    await user.type(screen.getByLabelText('Search: Nationality'), 'guin')
    await user.selectOptions(screen.getByLabelText('Nationality'), 'GIN')
    await user.selectOptions(screen.getByLabelText('Country of birth (optional)'), 'GIN')
    await user.type(screen.getByLabelText('Place of birth (optional)'), 'Labé')
    await user.type(screen.getByLabelText('Languages spoken (optional)'), 'Pular, French')
    await user.selectOptions(screen.getByLabelText('Marital status (optional)'), 'single')
    await user.selectOptions(screen.getByLabelText('Education (optional)'), 'primary')
    await user.type(screen.getByLabelText('Occupation (optional)'), 'Mason')
    await user.type(screen.getByLabelText('Phone (optional)'), '+227 90 12 34 56')
    await user.selectOptions(screen.getByLabelText('ID document type'), 'passport')
    await user.type(screen.getByLabelText('Document number'), 'A1234567')
    setDate('Expiry date (optional)', '2030-01-31')
    await next(user)

    await stepHeading(/Step 3 of 7: Household and group/)
    await choose(user, 'Travelling with family members or a group?', 'Yes')
    await user.selectOptions(screen.getByLabelText('Relationship in the family or group'), 'head')
    await next(user)

    await stepHeading(/Step 4 of 7: Journey/)
    await user.selectOptions(screen.getByLabelText('Country of origin'), 'GIN')
    await user.type(screen.getByLabelText('Town of origin'), 'Labé')
    setDate('Date left home', '2025-06-01')
    await user.selectOptions(screen.getByLabelText('Add a country'), 'MLI')
    await user.selectOptions(screen.getByLabelText('Add a country'), 'DZA')
    await user.selectOptions(screen.getByLabelText('Add a country'), 'LBY')
    await user.click(screen.getByRole('button', { name: 'Remove Libya' }))
    await user.type(screen.getByLabelText('Months spent in Algeria'), '4')
    await user.click(screen.getByLabelText('Economic'))
    await user.selectOptions(screen.getByLabelText('Intended destination'), 'ESP')
    await user.selectOptions(screen.getByLabelText('Intention now'), 'return_home')
    await user.click(screen.getByLabelText('Theft of documents'))
    await next(user)

    await stepHeading(/Step 5 of 7: Vulnerabilities/)
    expect(screen.queryByText(/Vulnerable case/)).not.toBeInTheDocument()
    await user.click(screen.getByLabelText('Serious medical condition'))
    expect(screen.getByRole('note')).toHaveTextContent('Vulnerable case: it comes first in the lists.')
    await next(user)

    await stepHeading(/Step 6 of 7: Assisted return/)
    await choose(user, 'Assisted voluntary return (AVRR)?', 'Yes')
    await choose(user, 'Category', 'Assisted voluntary return (AVR)')
    await choose(user, 'Voluntariness declaration signed', 'Yes')
    await user.selectOptions(screen.getByLabelText('Travel document'), 'requested')
    await user.selectOptions(screen.getByLabelText('Return country'), 'GIN')
    await choose(user, 'Reintegration counselling done', 'No')
    await next(user)

    await stepHeading(/Step 7 of 7: Review and save/)
    const identity = screen.getByRole('region', { name: 'Identity' })
    expect(within(identity).getByText('Mamadou Saliou, Diallo M.')).toBeInTheDocument()
    expect(within(screen.getByRole('region', { name: 'Journey' })).getByText('Mali, Algeria')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Save' }))

    expect(await screen.findByRole('heading', { name: 'Case saved', level: 1 })).toBeInTheDocument()
    expect(screen.getByText('AGZ-7K-0001')).toBeInTheDocument()
    const [record] = await listRecords(db, 'registration')
    expect(record?.state).toBe('pending')
    expect(record?.data).toMatchObject({
      caseNumber: 'AGZ-7K-0001',
      siteCode: 'AGZ-TC',
      entryChannel: 'search_rescue',
      consentProcessing: true,
      consentGivenBy: 'person',
      consentSharing: true,
      givenName: 'Mamadou',
      familyName: 'Diallo',
      aliases: ['Mamadou Saliou', 'Diallo M.'],
      sex: 'male',
      dateOfBirth: '1998-03-14',
      dateOfBirthEstimated: false,
      nationality: 'GIN',
      countryOfBirth: 'GIN',
      placeOfBirth: 'Labé',
      languages: ['Pular', 'French'],
      maritalStatus: 'single',
      educationLevel: 'primary',
      occupation: 'Mason',
      phone: '+227 90 12 34 56',
      document: { type: 'passport', number: 'A1234567', expiresOn: '2030-01-31' },
      household: { groupId: expect.any(String), relationship: 'head' },
      migration: {
        originCountry: 'GIN',
        originTown: 'Labé',
        leftHomeOn: '2025-06-01',
        transitCountries: ['MLI', 'DZA'],
        monthsInAlgeria: 4,
        reasonsForLeaving: ['economic'],
        intendedDestination: 'ESP',
        intentionNow: 'return_home',
        abuseEnRoute: ['theft_of_documents'],
      },
      vulnerabilities: ['serious_medical_condition'],
      avrr: {
        category: 'avr',
        voluntarinessSigned: true,
        travelDocumentStatus: 'requested',
        destinationCountry: 'GIN',
        reintegrationCounselling: false,
      },
      caseStatus: 'registered',
      registeredBy: expect.stringMatching(/^user-/),
    })
    expect(record?.data).not.toHaveProperty('possibleDuplicateOf')
    expect(await loadDraft(db, 'registration:new')).toBeUndefined()
    expect(screen.getByRole('link', { name: 'Open the case' })).toHaveAttribute('href', `/cases/${record?.id}`)
  }, 60_000)

  it('asks only the anonymous fields without consent to processing, and keeps no name', async () => {
    const { user, db } = await openForm()
    await fillConsent(user, { consent: 'No' })
    expect(screen.getByRole('navigation', { name: 'Steps' })).not.toHaveTextContent(/Household|Journey|AVRR/)
    await stepHeading(/Step 2 of 4: Identity/)
    expect(screen.queryByLabelText('Given name')).not.toBeInTheDocument()
    expect(screen.queryByLabelText('Phone (optional)')).not.toBeInTheDocument()
    await choose(user, 'Sex', 'Female')
    await user.selectOptions(screen.getByLabelText('Age group'), '18_59')
    await user.selectOptions(screen.getByLabelText('Nationality'), 'MLI')
    await next(user)
    await stepHeading(/Step 3 of 4: Vulnerabilities/)
    await user.click(screen.getByLabelText('Single woman'))
    await next(user)
    await stepHeading(/Step 4 of 4: Review and save/)
    await user.click(screen.getByRole('button', { name: 'Save' }))

    await screen.findByRole('heading', { name: 'Case saved' })
    expect(screen.getByText(/No case number yet/)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Register a family member' })).not.toBeInTheDocument()
    const [record] = await listRecords(db, 'registration')
    expect(record?.data).toMatchObject({
      consentProcessing: false,
      consentSharing: false,
      siteCode: 'AGZ-TC',
      sex: 'female',
      ageGroup: '18_59',
      nationality: 'MLI',
      vulnerabilities: ['single_woman'],
    })
    expect(record?.data).not.toHaveProperty('givenName')
    expect(record?.data).not.toHaveProperty('caseNumber')
  }, 30_000)

  it('reads in French, as the Chromium journeys fill it', async () => {
    const app = await renderApp({ path: '/register', lang: 'fr' })
    const { user, db } = app
    await screen.findByRole('heading', { name: 'Enregistrer une personne', level: 1 })
    const suivant = () => user.click(screen.getByRole('button', { name: 'Suivant' }))
    await user.selectOptions(screen.getByLabelText('Centre de transit'), 'AGZ-TC')
    await user.selectOptions(screen.getByLabelText("Canal d'arrivée"), 'walk_in')
    await choose(user, 'Consentement au traitement des données', 'Oui')
    await choose(user, 'Consentement au partage avec les partenaires', 'Oui')
    await suivant()
    await user.type(await screen.findByLabelText('Prénom'), 'Aïchatou')
    await user.type(screen.getByLabelText('Nom de famille'), 'Traoré')
    await choose(user, 'Sexe', 'Femme')
    await choose(user, 'Date de naissance ou âge', 'Âge seulement')
    await user.type(screen.getByLabelText('Âge estimé (années)'), '27')
    await user.selectOptions(screen.getByLabelText('Nationalité'), 'MLI')
    await suivant() // → ménage et groupe
    await suivant() // → parcours
    await suivant() // → vulnérabilités
    await user.click(
      within(await screen.findByRole('group', { name: 'Vulnérabilités' })).getAllByRole('checkbox')[0] as HTMLElement,
    )
    await suivant() // → retour assisté
    await suivant() // → vérifier et enregistrer
    await user.click(await screen.findByRole('button', { name: 'Enregistrer' }))
    await screen.findByRole('heading', { name: 'Dossier enregistré' })
    expect(screen.getByRole('link', { name: 'Dossiers' })).toHaveAttribute('href', '/cases')
    const [record] = await listRecords(db, 'registration')
    expect(record?.data).toMatchObject({ givenName: 'Aïchatou', familyName: 'Traoré', nationality: 'MLI' })
  }, 30_000)
})
