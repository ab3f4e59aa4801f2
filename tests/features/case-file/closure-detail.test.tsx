/**
 * Closing a case for the reason "other" asks what it is, in a few words (as the server
 * requires, CASE_RULES.closureDetail): said at the field, nothing typed lost; the case
 * keeps the words and its header shows them, while its timeline event holds none.
 */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { listRecords } from '@/data/records'
import { renderApp } from '../helpers/render-app'
import { anonymousRegistration } from '../../helpers/records'
import { person, seedCase } from './case-seed'

const group = (name: string) => screen.getByRole('group', { name })
const DETAIL = 'Other reason, in a few words'

describe('closing a case for another reason', () => {
  it('asks for the reason in words, at its field, and keeps it on the case, not in the event', async () => {
    const mamadou = person()
    const { user, db } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    await user.click(await screen.findByRole('button', { name: 'Change status' }))
    await user.click(within(group('New status')).getByLabelText('Closed'))
    expect(screen.queryByLabelText(DETAIL)).not.toBeInTheDocument()
    await user.selectOptions(screen.getByLabelText('Closure reason'), 'other')
    await user.click(screen.getByRole('button', { name: 'Save status' }))
    expect(screen.getByLabelText(DETAIL)).toHaveAccessibleDescription('Say in a few words why the case is closed.')
    expect(
      await screen.findByRole('link', { name: `${DETAIL}: Say in a few words why the case is closed.` }),
    ).toBeInTheDocument()
    expect(screen.getByLabelText('Closure reason')).toHaveValue('other')
    expect((await listRecords(db, 'registration'))[0]?.data.caseStatus).toBe('registered')

    await user.type(screen.getByLabelText(DETAIL), '  Hospitalised in Niamey ')
    await user.click(screen.getByRole('button', { name: 'Save status' }))
    expect(await screen.findByText('Status saved on this phone.')).toBeInTheDocument()
    const [saved] = await listRecords(db, 'registration')
    expect(saved?.data).toMatchObject({
      caseStatus: 'closed',
      closureReason: 'other',
      closureDetail: 'Hospitalised in Niamey',
    })
    const [event] = await listRecords(db, 'caseEvent')
    expect(event?.data).toMatchObject({ kind: 'status_changed', toStatus: 'closed', closureReason: 'other' })
    expect(JSON.stringify(event?.data)).not.toContain('Hospitalised')
    expect(await screen.findByText(/Closed \(Other: Hospitalised in Niamey\)/)).toBeInTheDocument()
  })

  it('keeps no words for another reason, and drops them when a supervisor reopens the case', async () => {
    const closed = person({ caseStatus: 'closed', closureReason: 'other', closureDetail: 'Hospitalised' })
    const { user, db } = await renderApp({
      path: `/cases/${closed.id}`,
      role: 'supervisor',
      sites: ['AGZ-TC'],
      seed: (db) => seedCase(db, closed),
    })
    await user.click(await screen.findByRole('button', { name: 'Change status' }))
    await user.click(within(group('New status')).getByLabelText('Assessed'))
    await user.click(screen.getByRole('button', { name: 'Reopen the case' }))
    expect(await screen.findByText('Status saved on this phone.')).toBeInTheDocument()
    const [saved] = await listRecords(db, 'registration')
    expect(saved?.data).not.toHaveProperty('closureReason')
    expect(saved?.data).not.toHaveProperty('closureDetail')
  })

  it('asks to name nobody on an anonymous case, and says it in French', async () => {
    const anonymous = anonymousRegistration()
    const { user } = await renderApp({
      path: `/cases/${anonymous.id}`,
      lang: 'fr',
      seed: (db) => seedCase(db, anonymous),
    })
    await user.click(await screen.findByRole('button', { name: 'Changer le statut' }))
    await user.click(within(group('Nouveau statut')).getByLabelText('Clos'))
    await user.selectOptions(screen.getByLabelText('Motif de clôture'), 'other')
    await user.click(screen.getByRole('button', { name: 'Enregistrer le statut' }))
    const detail = screen.getByLabelText('Autre motif, en quelques mots')
    expect(detail).toHaveAccessibleDescription(/n'écrivez rien qui la nomme/)
    expect(detail).toHaveAccessibleDescription(/Indiquez en quelques mots pourquoi le dossier est clos\./)
  })
})
