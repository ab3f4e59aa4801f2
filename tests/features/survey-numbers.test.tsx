/**
 * The survey reads its numbers as every form reads a whole number: the phone's digits
 * (Arabic ones too) are read as they are; digits grouped with a dot, a comma or a space
 * are refused with the digits to type, never read as a number 1,000 times smaller.
 */
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { MemoryRouter, Route, Routes } from 'react-router'
import { describe, expect, it, vi } from 'vitest'
import { AppContextProvider } from '@/components/app-context'
import { openUserDb } from '@/data/db'
import { listRecords } from '@/data/records'
import { replaceSites } from '@/data/sites'
import { SurveyForm } from '@/features/survey/survey-form'
import { setLanguage } from '@/i18n/i18n'
import { surveySchema } from '@/shared/schemas/survey'
import { fakeSession, SITES } from './helpers/render-app'

type User = ReturnType<typeof userEvent.setup>

async function openSurvey() {
  await setLanguage('en')
  const session = fakeSession('monitor', ['ARL-FMP'])
  const db = openUserDb(session.user.id)
  await replaceSites(db, SITES)
  const user = userEvent.setup()
  render(
    <AppContextProvider value={{ session, db, sync: { syncNow: vi.fn(async () => undefined) } }}>
      <MemoryRouter initialEntries={['/survey']}>
        <Routes>
          <Route path="/survey" element={<SurveyForm />} />
        </Routes>
      </MemoryRouter>
    </AppContextProvider>,
  )
  await screen.findByRole('heading', { name: 'Flow monitoring survey', level: 1 })
  return { user, db }
}

const pageHeading = (name: RegExp) => screen.findByRole('heading', { level: 2, name })
const choose = (user: User, question: string | RegExp, answer: string) =>
  user.click(within(screen.getByRole('group', { name: question })).getByLabelText(answer))
const next = (user: User) => user.click(screen.getByRole('button', { name: 'Next' }))

/** Pages 1 to 5, the age typed as `age`; on to the cost. */
async function upToTheCost(user: User, age: string) {
  await choose(user, 'Does the person agree to answer?', 'Yes, agrees to answer')
  await next(user)
  await pageHeading(/Page 2 of 7/)
  await user.type(screen.getByLabelText('Age (years)'), age)
  await choose(user, 'Sex', 'Male')
  await choose(user, 'Marital status', 'Single')
  await user.selectOptions(screen.getByLabelText('Nationality'), 'GIN')
  await user.selectOptions(screen.getByLabelText('Country of birth'), 'GIN')
  await next(user)
  await pageHeading(/Page 3 of 7/)
  await choose(user, 'Education', 'Primary')
  await choose(user, 'Work before leaving', 'Unemployed')
  await choose(user, /Reasons for leaving/, 'Economic')
  await next(user)
  await pageHeading(/Page 4 of 7/)
  await user.selectOptions(screen.getByLabelText('Country of origin'), 'GIN')
  await next(user)
  await pageHeading(/Page 5 of 7/)
  await choose(user, 'Travelling alone or in a group?', 'Alone')
  await user.type(screen.getByLabelText('Earlier attempts to migrate'), '0')
  await next(user)
  await pageHeading(/Page 6 of 7/)
}

describe('survey numbers', () => {
  it('refuses a cost typed 350.000, saying the digits to type, and saves 350000 as 350000', async () => {
    const { user, db } = await openSurvey()
    await upToTheCost(user, '\u0662\u0665')
    await choose(user, 'Does the person know what the journey cost?', 'Yes')
    await choose(user, /How was it paid/, 'Savings')
    const cost = screen.getByLabelText('Cost of the journey')

    await user.type(cost, '350.000')
    await next(user)
    expect(cost).toHaveAccessibleDescription(
      expect.stringContaining('Digits only, without dots, commas or spaces: 350000.'),
    )
    // more digits than any cost: said as out of range, not as "not digits"
    await user.clear(cost)
    await user.type(cost, '12345678901234567')
    await next(user)
    expect(cost).toHaveAccessibleDescription(expect.stringContaining('From 0 to 100,000,000 CFA francs.'))

    await user.clear(cost)
    await user.type(cost, '350000')
    await next(user)
    await pageHeading(/Page 7 of 7/)
    await choose(user, /Difficulties met on the way/, 'None of these')
    await choose(user, /Needs now/, 'Water')
    await user.click(screen.getByRole('button', { name: 'Save survey' }))
    await screen.findByRole('heading', { name: 'Survey saved', level: 1 })
    const [record] = await listRecords(db, 'survey')
    expect(surveySchema.safeParse(record?.data).success).toBe(true)
    // the age typed in Arabic-Indic digits, the cost as typed
    expect(record?.data).toMatchObject({ age: 25, journeyCostKnown: true, journeyCostXof: 350000 })
  })
})
