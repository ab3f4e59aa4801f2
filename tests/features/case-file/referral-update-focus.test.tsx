/**
 * Focus through a referral's outcome, for keyboard and screen-reader users: the form's
 * title takes it as the Update status button goes away; Cancel gives it back to that
 * button; once saved (a completed referral has no button any more) the Referrals title has
 * it, the outcome said in the page's live region. Never the page's body.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { saveRecord } from '@/data/records'
import { renderApp } from '../helpers/render-app'
import { daysAgo, person, referral, seedCase } from './case-seed'

describe('focus through a referral’s outcome', () => {
  it('moves to the form’s title, back to the button on Cancel, and to the Referrals title once saved', async () => {
    const mamadou = person()
    const sent = referral(mamadou.id, { to: 'unhcr', sentOn: daysAgo(2), statusOn: daysAgo(2) })
    const { user } = await renderApp({
      path: `/cases/${mamadou.id}`,
      seed: async (db) => {
        await seedCase(db, mamadou)
        await saveRecord(db, 'referral', sent)
      },
    })
    const update = await screen.findByRole('button', { name: 'Update status UNHCR' })
    update.focus()
    await user.keyboard('{Enter}')
    await waitFor(() => expect(screen.getByRole('heading', { name: 'Referral status', level: 3 })).toHaveFocus())

    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(screen.getByRole('button', { name: 'Update status UNHCR' })).toHaveFocus())

    await user.keyboard('{Enter}')
    await user.click(within(screen.getByRole('group', { name: 'New status' })).getByLabelText('Completed'))
    await user.click(screen.getByRole('button', { name: 'Save status' }))
    expect(await screen.findByText('Referral status saved on this phone.')).toBeInTheDocument()
    // completed: no Update status button any more
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Update status UNHCR' })).not.toBeInTheDocument())
    expect(screen.getByRole('heading', { name: 'Referrals', level: 2 })).toHaveFocus()
    expect(document.activeElement).not.toBe(document.body)
  })
})
