/**
 * The Flow Monitoring Survey, as a monitor runs it at an FMP: consent first (a refusal
 * keeps only itself), pages with skip logic, "none" standing alone, a draft at every
 * page, and a full interview saved as a record the shared schema accepts.
 */
import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter, Route, Routes } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import { AppContextProvider } from '@/components/app-context'
import { siteDay } from '@/components/dates'
import { openUserDb, type RelaisDb } from '@/data/db'
import { loadDraft } from '@/data/drafts'
import { listRecords } from '@/data/records'
import { replaceSites } from '@/data/sites'
import { SurveyForm } from '@/features/survey/survey-form'
import { setLanguage } from '@/i18n/i18n'
import type { Session } from '@/session/session'
import { surveySchema } from '@/shared/schemas/survey'
import { fakeSession, renderApp, SITES } from './helpers/render-app'

type User = ReturnType<typeof userEvent.setup>

/** The survey screen alone, signed in as a monitor of Arlit's FMP; `reuse`: the same phone again (a reload). */
async function openSurvey(reuse?: { db: RelaisDb; session: Session }) {
  await setLanguage('en')
  const session = reuse?.session ?? fakeSession('monitor', ['ARL-FMP'])
  const db = reuse?.db ?? openUserDb(session.user.id)
  if (!reuse) await replaceSites(db, SITES)
  const user = userEvent.setup()
  const view = render(
    <AppContextProvider value={{ session, db, sync: { syncNow: vi.fn(async () => undefined) } }}>
      <MemoryRouter initialEntries={['/survey']}>
        <Routes>
          <Route path="/survey" element={<SurveyForm />} />
          <Route path="/" element={<h1>Home</h1>} />
        </Routes>
      </MemoryRouter>
    </AppContextProvider>,
  )
  await screen.findByRole('heading', { name: 'Flow monitoring survey', level: 1 })
  return { ...view, user, db, session }
}

const group = (name: string | RegExp) => screen.getByRole('group', { name })
const pageHeading = (name: RegExp) => screen.findByRole('heading', { level: 2, name })
const choose = (user: User, question: string | RegExp, answer: string) =>
  user.click(within(group(question)).getByLabelText(answer))
const next = (user: User) => user.click(screen.getByRole('button', { name: 'Next' }))

async function consentAndGoOn(user: User) {
  await choose(user, 'Does the person agree to answer?', 'Yes, agrees to answer')
  await next(user)
  await pageHeading(/Page 2 of 7: The person/)
}

async function fillPerson(user: User) {
  await user.type(screen.getByLabelText('Age (years)'), '24')
  await choose(user, 'Sex', 'Male')
  await choose(user, 'Marital status', 'Single')
  await user.selectOptions(screen.getByLabelText('Nationality'), 'GIN')
  await user.selectOptions(screen.getByLabelText('Country of birth'), 'GIN')
  await next(user)
  await pageHeading(/Page 3 of 7: Before leaving/)
}

async function fillBackground(user: User) {
  await choose(user, 'Education', 'Primary')
  await choose(user, 'Work before leaving', 'Unemployed')
  await choose(user, /Reasons for leaving/, 'Economic')
  await choose(user, /Reasons for leaving/, 'Family')
  await next(user)
  await pageHeading(/Page 4 of 7: Route/)
}

async function fillRoute(user: User) {
  await user.selectOptions(screen.getByLabelText('Country of origin'), 'GIN')
  await user.type(screen.getByLabelText('Town of origin (optional)'), '  Kankan ')
  await user.selectOptions(screen.getByLabelText('Final intended destination (optional)'), 'LBY')
  await next(user)
  await pageHeading(/Page 5 of 7: Travel/)
}

describe('survey', () => {
  it('saves a refusal with nothing but the FMP, the date and the refusal, and counts it', async () => {
    const { user, db } = await openSurvey()
    expect(screen.getByLabelText('Flow monitoring point')).toHaveValue('ARL-FMP')
    // answers typed before the person changes their mind are not kept
    await consentAndGoOn(user)
    await user.type(screen.getByLabelText('Age (years)'), '31')
    await user.click(screen.getByRole('button', { name: 'Back' }))
    await choose(user, 'Does the person agree to answer?', 'No, refuses')
    expect(screen.getByRole('note')).toHaveTextContent('Only the refusal is saved')
    expect(screen.queryByRole('button', { name: 'Next' })).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Save the refusal' }))

    expect(await screen.findByRole('heading', { name: 'Refusal saved', level: 1 })).toBeInTheDocument()
    expect(
      await screen.findByText('Today at Arlit flow monitoring point: 0 interviews, 1 refusal.'),
    ).toBeInTheDocument()
    // said once, by the record's state (which becomes "Sent"), announced as it changes
    expect(screen.getByText('Saved on this phone').closest('[role="status"]')).toBeInTheDocument()
    expect(screen.getAllByText(/Saved on this phone/)).toHaveLength(1)
    const [record, ...others] = await listRecords(db, 'survey')
    expect(others).toHaveLength(0)
    expect(Object.keys(record?.data ?? {}).sort()).toEqual(
      ['consent', 'createdAt', 'id', 'interviewedOn', 'siteCode', 'updatedAt'].sort(),
    )
    expect(record?.data).toMatchObject({ siteCode: 'ARL-FMP', interviewedOn: siteDay(), consent: false })
    expect(surveySchema.safeParse(record?.data).success).toBe(true)
    expect(
      await db.outbox
        .where('recordId')
        .equals(record?.id ?? '')
        .count(),
    ).toBe(1)

    await user.click(screen.getByRole('button', { name: 'Start another survey' }))
    await pageHeading(/Page 1 of 7: Consent/)
    expect(screen.getByLabelText('Flow monitoring point')).toHaveValue('ARL-FMP')
    expect(within(group('Does the person agree to answer?')).getByLabelText('No, refuses')).not.toBeChecked()
  })

  it('checks only the page on Next, each problem at its field', async () => {
    const { user } = await openSurvey()
    await next(user)
    expect(within(group('Does the person agree to answer?')).getByText('Required.')).toBeInTheDocument()
    await consentAndGoOn(user)

    await next(user)
    await pageHeading(/Page 2 of 7/) // still there
    expect(screen.getByLabelText('Age (years)')).toHaveAccessibleDescription(/Required\./)
    expect(screen.getByLabelText('Age (years)')).toHaveFocus()
    // the page's problems are listed at the top too, each a link to its field
    const summary = screen.getByRole('alert', { name: /Check these fields/ })
    const link = within(summary).getByRole('link', { name: 'Age (years): Required.' })
    await user.click(link)
    expect(screen.getByLabelText('Age (years)')).toHaveFocus()
    await user.type(screen.getByLabelText('Age (years)'), '12')
    await next(user)
    expect(screen.getByLabelText('Age (years)')).toHaveAccessibleDescription(/An age from 14 to 120\./)
    await user.clear(screen.getByLabelText('Age (years)'))
    await user.type(screen.getByLabelText('Age (years)'), '2.5')
    await next(user)
    expect(screen.getByLabelText('Age (years)')).toHaveAccessibleDescription(/A whole number, without decimals\./)
    expect(screen.getByLabelText('Age (years)')).toHaveValue('2.5') // said, never rewritten
  })

  it('asks the group size only for a group, and the cost questions only when the cost is known', async () => {
    const { user } = await openSurvey()
    await consentAndGoOn(user)
    await fillPerson(user)
    await fillBackground(user)
    await fillRoute(user)

    expect(screen.queryByLabelText('People in the group')).not.toBeInTheDocument()
    await choose(user, 'Travelling alone or in a group?', 'In a group')
    expect(screen.getByLabelText('People in the group')).toBeInTheDocument()
    await user.type(screen.getByLabelText('Earlier attempts to migrate'), '0')
    await next(user)
    expect(screen.getByLabelText('People in the group')).toHaveAccessibleDescription(/Required\./)
    await choose(user, 'Travelling alone or in a group?', 'Alone')
    expect(screen.queryByLabelText('People in the group')).not.toBeInTheDocument()
    await next(user)

    await pageHeading(/Page 6 of 7: Cost of the journey/)
    expect(screen.queryByLabelText('Cost of the journey')).not.toBeInTheDocument()
    expect(screen.queryByRole('group', { name: /How was it paid/ })).not.toBeInTheDocument()
    await choose(user, 'Does the person know what the journey cost?', 'Yes')
    expect(screen.getByLabelText('Cost of the journey')).toBeInTheDocument()
    expect(group(/How was it paid/)).toBeInTheDocument()
    await next(user)
    expect(within(group(/How was it paid/)).getByText('Choose at least one answer.')).toBeInTheDocument()
    await choose(user, 'Does the person know what the journey cost?', 'No')
    expect(screen.queryByLabelText('Cost of the journey')).not.toBeInTheDocument()
    await next(user)
    await pageHeading(/Page 7 of 7: Difficulties and needs/)
  })

  it('says what is wrong with a number: below zero, a decimal, out of range', async () => {
    const { user } = await openSurvey()
    await consentAndGoOn(user)
    await fillPerson(user)
    await fillBackground(user)
    await fillRoute(user)
    await choose(user, 'Travelling alone or in a group?', 'Alone')
    const attempts = screen.getByLabelText('Earlier attempts to migrate')
    await user.type(attempts, '-1')
    await next(user)
    expect(attempts).toHaveAccessibleDescription(/0 or more\./)
    await user.clear(attempts)
    await user.type(attempts, '1.5')
    await next(user)
    expect(attempts).toHaveAccessibleDescription(/A whole number, without decimals\./)
    await user.clear(attempts)
    await user.type(attempts, '51')
    await next(user)
    expect(attempts).toHaveAccessibleDescription(/From 0 to 50\./)
    await user.clear(attempts)
    await next(user)
    expect(attempts).toHaveAccessibleDescription(/Required\./)
  })

  it('keeps "none" apart from every other need and difficulty', async () => {
    const { user } = await openSurvey()
    await consentAndGoOn(user)
    await fillPerson(user)
    await fillBackground(user)
    await fillRoute(user)
    await choose(user, 'Travelling alone or in a group?', 'Alone')
    await user.type(screen.getByLabelText('Earlier attempts to migrate'), '1')
    await next(user)
    await choose(user, 'Does the person know what the journey cost?', 'No')
    await next(user)
    await pageHeading(/Page 7 of 7/)

    const needs = () => group(/Needs now/)
    await user.click(within(needs()).getByLabelText('Food'))
    await user.click(within(needs()).getByLabelText('Water'))
    await user.click(within(needs()).getByLabelText('None'))
    expect(within(needs()).getByLabelText('None')).toBeChecked()
    expect(within(needs()).getByLabelText('Food')).not.toBeChecked()
    expect(within(needs()).getByLabelText('Water')).not.toBeChecked()
    await user.click(within(needs()).getByLabelText('Medical care'))
    expect(within(needs()).getByLabelText('None')).not.toBeChecked()
    expect(within(needs()).getByLabelText('Medical care')).toBeChecked()

    const difficulties = () => group(/Difficulties met on the way/)
    await user.click(within(difficulties()).getByLabelText('Theft of documents'))
    await user.click(within(difficulties()).getByLabelText('None of these'))
    expect(within(difficulties()).getByLabelText('Theft of documents')).not.toBeChecked()
    await user.click(within(difficulties()).getByLabelText('Detention'))
    expect(within(difficulties()).getByLabelText('None of these')).not.toBeChecked()
    expect(within(difficulties()).getByLabelText('Detention')).toBeChecked()
  })

  it('comes back at the same page with every answer after the screen is closed and opened again', async () => {
    const first = await openSurvey()
    const { user, db, session } = first
    await consentAndGoOn(user)
    await user.type(screen.getByLabelText('Age (years)'), '19')
    await choose(user, 'Sex', 'Female')
    await waitFor(
      async () =>
        expect(await loadDraft(db, 'survey:new')).toMatchObject({
          page: 'person',
          values: { consent: 'yes', age: '19', sex: 'female', siteCode: 'ARL-FMP' },
        }),
      { timeout: 3000 },
    )
    first.unmount() // a reload, a crash or an app update

    const again = await openSurvey({ db, session })
    await pageHeading(/Page 2 of 7: The person/)
    expect(screen.getByText('Your unfinished form was restored.')).toBeInTheDocument()
    expect(screen.getByLabelText('Age (years)')).toHaveValue('19')
    expect(within(group('Sex')).getByLabelText('Female')).toBeChecked()
    await again.user.click(screen.getByRole('button', { name: 'Back' }))
    expect(within(group('Does the person agree to answer?')).getByLabelText('Yes, agrees to answer')).toBeChecked()
    // said of the page it came back to: gone once the monitor moves on
    expect(screen.queryByText('Your unfinished form was restored.')).not.toBeInTheDocument()
    expect(await listRecords(db, 'survey')).toHaveLength(0)
  })

  it('writes the draft at once on Next, so that a reload right after it comes back at the new page', async () => {
    const { user, db } = await openSurvey()
    await choose(user, 'Does the person agree to answer?', 'Yes, agrees to answer')
    await next(user)
    // no pause for the typing's debounce: the page is kept the moment it shows, as the registration's steps are
    expect(await loadDraft(db, 'survey:new')).toMatchObject({ page: 'person', values: { consent: 'yes' } })
  })

  it('starts again from the consent page once "Discard draft" is confirmed', async () => {
    const { user, db } = await openSurvey()
    await consentAndGoOn(user)
    await user.type(screen.getByLabelText('Age (years)'), '40')
    await waitFor(async () => expect(await loadDraft(db, 'survey:new')).toBeDefined(), { timeout: 3000 })

    await user.click(screen.getByRole('button', { name: 'Discard draft' }))
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Yes, discard' }))
    await pageHeading(/Page 1 of 7: Consent/)
    expect(within(group('Does the person agree to answer?')).getByLabelText('Yes, agrees to answer')).not.toBeChecked()
    expect(await loadDraft(db, 'survey:new')).toBeUndefined()
    expect(await listRecords(db, 'survey')).toHaveLength(0)
  })

  it('saves a full interview as a record the shared schema accepts, without the answers that do not apply', async () => {
    const { user, db } = await openSurvey()
    await consentAndGoOn(user)
    await fillPerson(user)
    await fillBackground(user)
    await fillRoute(user)
    // a group size typed, then "alone": the size is not part of the record
    await choose(user, 'Travelling alone or in a group?', 'In a group')
    await user.type(screen.getByLabelText('People in the group'), '6')
    await choose(user, 'Travelling alone or in a group?', 'Alone')
    await choose(user, 'Travelling alone or in a group?', 'In a group')
    expect(screen.getByLabelText('People in the group')).toHaveValue('6')
    await user.type(screen.getByLabelText('Earlier attempts to migrate'), '2')
    await next(user)
    await choose(user, 'Does the person know what the journey cost?', 'Yes')
    await user.type(screen.getByLabelText('Cost of the journey'), '350000')
    await choose(user, /How was it paid/, 'Savings')
    await choose(user, /How was it paid/, 'Loan')
    await next(user)
    await choose(user, /Difficulties met on the way/, 'Detention')
    await choose(user, /Needs now/, 'Water')
    await choose(user, /Needs now/, 'Food')
    await user.click(screen.getByRole('button', { name: 'Save survey' }))

    expect(await screen.findByRole('heading', { name: 'Survey saved', level: 1 })).toBeInTheDocument()
    expect(
      await screen.findByText('Today at Arlit flow monitoring point: 1 interview, 0 refusals.'),
    ).toBeInTheDocument()
    expect(await screen.findByText('Saved on this phone')).toBeInTheDocument()
    expect(screen.getAllByText(/Saved on this phone/)).toHaveLength(1)
    const [record] = await listRecords(db, 'survey')
    expect(surveySchema.safeParse(record?.data).success).toBe(true)
    expect(record?.data).toEqual({
      id: record?.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      siteCode: 'ARL-FMP',
      interviewedOn: siteDay(),
      consent: true,
      age: 24,
      sex: 'male',
      maritalStatus: 'single',
      nationality: 'GIN',
      countryOfBirth: 'GIN',
      educationLevel: 'primary',
      employmentBeforeLeaving: 'unemployed',
      reasonsForLeaving: ['economic', 'family'],
      originCountry: 'GIN',
      originTown: 'Kankan',
      finalDestination: 'LBY',
      travellingInGroup: true,
      groupSize: 6,
      previousAttempts: 2,
      journeyCostKnown: true,
      journeyCostXof: 350000,
      journeyFunding: ['savings', 'loan'],
      difficulties: ['detention'],
      needs: ['food', 'water'],
    })
    expect(record?.state).toBe('pending')
    const [entry] = await db.outbox.toArray()
    expect(entry).toMatchObject({ entity: 'survey', recordId: record?.id, op: 'upsert' })
    expect(await loadDraft(db, 'survey:new')).toBeUndefined()
  })

  it('leaves out the cost and the group size when they do not apply', async () => {
    const { user, db } = await openSurvey()
    await consentAndGoOn(user)
    await fillPerson(user)
    await fillBackground(user)
    await fillRoute(user)
    await choose(user, 'Travelling alone or in a group?', 'In a group')
    await user.type(screen.getByLabelText('People in the group'), '4')
    await choose(user, 'Travelling alone or in a group?', 'Alone')
    await user.type(screen.getByLabelText('Earlier attempts to migrate'), '0')
    await next(user)
    await choose(user, 'Does the person know what the journey cost?', 'Yes')
    await user.type(screen.getByLabelText('Cost of the journey'), '90000')
    await choose(user, 'Does the person know what the journey cost?', 'No')
    await next(user)
    await choose(user, /Difficulties met on the way/, 'None of these')
    await choose(user, /Needs now/, 'None')
    await user.click(screen.getByRole('button', { name: 'Save survey' }))

    await screen.findByRole('heading', { name: 'Survey saved', level: 1 })
    const [record] = await listRecords(db, 'survey')
    expect(surveySchema.safeParse(record?.data).success).toBe(true)
    expect(record?.data).toMatchObject({
      travellingInGroup: false,
      journeyCostKnown: false,
      difficulties: [],
      needs: ['none'],
    })
    expect(record?.data).not.toHaveProperty('groupSize')
    expect(record?.data).not.toHaveProperty('journeyCostXof')
    expect(record?.data).not.toHaveProperty('journeyFunding')
  })

  it("opens from a monitor's home", async () => {
    const { user } = await renderApp({ role: 'monitor', sites: ['ARL-FMP'] })
    await user.click(await screen.findByRole('link', { name: 'Survey' }))
    expect(await screen.findByRole('heading', { name: 'Flow monitoring survey', level: 1 })).toBeInTheDocument()
  })

  it("is not on a registrar's home", async () => {
    await renderApp({ role: 'registrar' })
    await screen.findByRole('link', { name: 'Cases' })
    expect(screen.queryByRole('link', { name: 'Survey' })).not.toBeInTheDocument()
  })

  it('is not routed for a registrar', async () => {
    await renderApp({ path: '/survey', role: 'registrar' })
    expect(await screen.findByText('This page does not exist.')).toBeInTheDocument()
  })

  it('asks in French', async () => {
    await renderApp({ path: '/survey', role: 'monitor', sites: ['ARL-FMP'], lang: 'fr' })
    expect(await screen.findByRole('heading', { name: 'Enquête de suivi des flux', level: 1 })).toBeInTheDocument()
    expect(screen.getByRole('heading', { level: 2, name: 'Page 1 sur 7 : Consentement' })).toBeInTheDocument()
    expect(screen.getByRole('group', { name: 'La personne accepte-t-elle de répondre ?' })).toBeInTheDocument()
  })
})
