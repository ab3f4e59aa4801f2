/**
 * An edit and the possible-duplicate check: an edit that leaves the name, birth and
 * nationality as they were raises no warning and marks nothing; one that changes them is
 * checked as a new registration is.
 */
import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { getRecord, listRecords, saveRecord } from '@/data/records'
import { summaryOf } from '../../helpers/case-summaries'
import { namedRegistration } from '../../helpers/records'
import { choose, next, renderRegistration, stepHeading, testFinder } from './registration-harness'

// two cases of the same name and birth year at the centre, neither marked
const edited = namedRegistration({ givenName: 'Mamadou', familyName: 'Diallo', sex: 'male', nationality: 'GIN' })
const namesake = namedRegistration({ givenName: 'Mamadou', familyName: 'Diallo', sex: 'male', nationality: 'GIN' })

async function editAt(step: string) {
  return renderRegistration({
    path: `/cases/${edited.id}/edit?step=${step}`,
    finder: testFinder([summaryOf(edited), summaryOf(namesake)]),
    seed: async (db) => {
      await saveRecord(db, 'registration', edited)
      await saveRecord(db, 'registration', namesake)
    },
  })
}

describe('editing a case and possible duplicates', () => {
  it('neither warns nor marks the case when the edit leaves who the person is alone', async () => {
    const { user, db } = await editAt('avrr')
    await stepHeading(/Assisted return/)
    await choose(user, 'Assisted voluntary return (AVRR)?', 'Yes')
    await choose(user, 'Category', 'Assisted voluntary return (AVR)')
    await choose(user, 'Voluntariness declaration signed', 'Yes')
    await user.selectOptions(screen.getByLabelText('Travel document'), 'requested')
    await user.selectOptions(screen.getByLabelText('Return country'), 'GIN')
    await choose(user, 'Reintegration counselling done', 'No')
    await next(user)
    await stepHeading(/Review and save/)
    expect(screen.queryByText('Possible duplicate: open this case?')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: `Case page ${edited.id} (saved)` })

    const saved = await getRecord(db, 'registration', edited.id)
    expect(saved?.data).toMatchObject({ avrr: { category: 'avr' } })
    expect(saved?.data).not.toHaveProperty('possibleDuplicateOf')
    const [event] = await listRecords(db, 'caseEvent')
    expect(event?.data).toMatchObject({ kind: 'edited', sections: ['avrr'] })
  }, 30_000)

  it('checks a changed name as a new registration is, and keeps the pair for a supervisor', async () => {
    const { user, db } = await editAt('identity')
    await stepHeading(/Identity/)
    await user.clear(screen.getByLabelText('Given name'))
    await user.type(screen.getByLabelText('Given name'), 'Mamadu')
    expect(await screen.findByText('Possible duplicate: open this case?')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Register anyway' }))
    for (const step of [/Household/, /Journey/, /Vulnerabilities/, /Assisted return/]) {
      await stepHeading(step)
      await next(user)
    }
    await stepHeading(/Review and save/)
    await user.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByRole('heading', { name: `Case page ${edited.id} (saved)` })
    expect((await getRecord(db, 'registration', edited.id))?.data).toMatchObject({
      givenName: 'Mamadu',
      possibleDuplicateOf: [namesake.id],
    })
  }, 30_000)
})
