/**
 * A supervisor corrects why a closed case closed, keeping it closed (status-form.tsx): one
 * status_changed event from closed to closed, said in words on the timeline, never a
 * reopening and a closing that did not happen; the reason "other" still asks for its
 * words, and the same closure is no correction. A registrar is offered none of it.
 */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { listRecords } from '@/data/records'
import { renderApp } from '../helpers/render-app'
import { person, seedCase } from './case-seed'

const group = (name: string) => screen.getByRole('group', { name })
const CORRECT = 'Closed: correct why it closed'
const DETAIL = 'Other reason, in a few words'

function closedCase() {
  return person({ caseStatus: 'closed', closureReason: 'continued_journey' })
}

describe('correcting how a closed case ended', () => {
  it('lets a supervisor say otherwise why the case closed, with one event in words', async () => {
    const closed = closedCase()
    const { user, db } = await renderApp({
      path: `/cases/${closed.id}`,
      role: 'supervisor',
      sites: ['AGZ-TC'],
      seed: (db) => seedCase(db, closed),
    })
    await user.click(await screen.findByRole('button', { name: 'Change status' }))
    await user.click(within(group('New status')).getByLabelText(CORRECT))
    // it starts from how the case closed: saving that alone corrects nothing
    expect(screen.getByLabelText('Closure reason')).toHaveValue('continued_journey')
    await user.click(screen.getByRole('button', { name: 'Save the correction' }))
    expect(screen.getByLabelText('Closure reason')).toHaveAccessibleDescription(/already closed for this reason/)

    // "other" asks for its words, at its field
    await user.selectOptions(screen.getByLabelText('Closure reason'), 'other')
    await user.click(screen.getByRole('button', { name: 'Save the correction' }))
    expect(screen.getByLabelText(DETAIL)).toHaveAccessibleDescription('Say in a few words why the case is closed.')
    expect((await listRecords(db, 'registration'))[0]?.data.closureReason).toBe('continued_journey')

    await user.type(screen.getByLabelText(DETAIL), 'Hospitalised in Niamey')
    await user.click(screen.getByRole('button', { name: 'Save the correction' }))
    expect(await screen.findByText('Status saved on this phone.')).toBeInTheDocument()
    const [saved] = await listRecords(db, 'registration')
    expect(saved?.data).toMatchObject({
      caseStatus: 'closed',
      closureReason: 'other',
      closureDetail: 'Hospitalised in Niamey',
    })
    const events = await listRecords(db, 'caseEvent')
    expect(events.map((e) => e.data)).toEqual([
      expect.objectContaining({
        kind: 'status_changed',
        fromStatus: 'closed',
        toStatus: 'closed',
        closureReason: 'other',
      }),
    ])
    expect(await screen.findByText('Closure reason corrected: Other')).toBeInTheDocument()
  })

  it('offers a registrar no correction of a closed case', async () => {
    const closed = closedCase()
    const { user } = await renderApp({ path: `/cases/${closed.id}`, seed: (db) => seedCase(db, closed) })
    await user.click(await screen.findByRole('button', { name: 'Change status' }))
    expect(screen.getByText('No other status can be chosen.')).toBeInTheDocument()
    expect(screen.queryByLabelText(CORRECT)).not.toBeInTheDocument()
    expect(screen.queryByLabelText('Closure reason')).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Save the correction' })).not.toBeInTheDocument()
  })

  it('offers no correction of a case that is open, even to a supervisor', async () => {
    const open = person()
    const { user } = await renderApp({
      path: `/cases/${open.id}`,
      role: 'supervisor',
      sites: ['AGZ-TC'],
      seed: (db) => seedCase(db, open),
    })
    await user.click(await screen.findByRole('button', { name: 'Change status' }))
    expect(within(group('New status')).queryByLabelText(CORRECT)).not.toBeInTheDocument()
  })
})
