/** The possible-duplicate card shows an estimated age as an age, never as an exact birth date. */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { saveRecord } from '@/data/records'
import { estimatedDateOfBirth, siteDay } from '@/components/dates'
import { setLanguage } from '@/i18n/i18n'
import { summaryOf } from '../../helpers/case-summaries'
import { namedRegistration } from '../../helpers/records'
import { fillConsent, fillIdentity, renderRegistration, testFinder } from './registration-harness'

const today = siteDay()

// registered today as "age 34 only"
const aged = namedRegistration({
  caseNumber: 'AGZ-NQ-0001',
  givenName: 'Mamadou',
  familyName: 'Diallo',
  sex: 'male',
  nationality: 'GIN',
  registeredOn: today,
  consentDate: today,
  dateOfBirth: estimatedDateOfBirth(34, today),
  dateOfBirthEstimated: true,
})
const dated = namedRegistration({
  caseNumber: 'AGZ-NQ-0002',
  givenName: 'Mamadou',
  familyName: 'Dialo',
  sex: 'male',
  nationality: 'GIN',
  dateOfBirth: '1992-03-14',
  dateOfBirthEstimated: false,
})

async function warnFor(lang: 'en' | 'fr' | 'ar') {
  const { user } = await renderRegistration({
    finder: testFinder([summaryOf(aged), summaryOf(dated)]),
    seed: async (db) => {
      await saveRecord(db, 'registration', aged)
      await saveRecord(db, 'registration', dated)
    },
  })
  await fillConsent(user)
  await fillIdentity(
    user,
    { given: 'Mamadou', family: 'Diallo', sex: 'Male', age: 34, nationality: 'GIN' },
    { goOn: false },
  )
  await setLanguage(lang)
  const rows = within(await screen.findByRole('alert')).getAllByRole('listitem')
  const row = (number: string) => rows.find((r) => r.textContent?.includes(number))
  return { aged: row('AGZ-NQ-0001'), dated: row('AGZ-NQ-0002') }
}

describe('possible duplicate birth', () => {
  it('says "about 34 years old" for an estimated age, and the date for a known one', async () => {
    const rows = await warnFor('en')
    // the case number stands in its own left-to-right element: the row's text as a whole
    await waitFor(() => expect(rows.aged).toHaveTextContent('AGZ-NQ-0001 · about 34 years old · Guinea'))
    expect(rows.aged).not.toHaveTextContent(/born/)
    expect(rows.dated).toHaveTextContent('AGZ-NQ-0002 · born Mar 14, 1992 · Guinea')
  }, 30_000)

  it('says it in French', async () => {
    const fr = await warnFor('fr')
    await waitFor(() => expect(fr.aged).toHaveTextContent('AGZ-NQ-0001 · environ 34 ans · Guinée'))
    expect(fr.aged).not.toHaveTextContent(/né\(e\)/)
  }, 30_000)

  it('says it in Arabic', async () => {
    const ar = await warnFor('ar')
    expect(await within(ar.aged!).findByText(/34 سنة تقريبًا/)).toBeInTheDocument()
  }, 30_000)
})
