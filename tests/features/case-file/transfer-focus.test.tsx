/**
 * Focus through a transfer, for keyboard and screen-reader users: each step's title or
 * field takes it as the button pressed goes away, and once the case is transferred (its
 * actions gone with it) the case's title has it, the outcome announced below.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from '../helpers/render-app'
import { person, seedCase } from './case-seed'

describe('focus through a transfer', () => {
  it('moves to the confirmation, back to the centre, then to the case’s title with the outcome said', async () => {
    const mamadou = person()
    const { user } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    await user.click(await screen.findByRole('button', { name: 'Transfer' }))
    const centre = screen.getByLabelText('Move to centre')
    await within(centre).findByRole('option', { name: 'Arlit transit centre' })
    await user.selectOptions(centre, 'ARL-TC')
    await user.click(screen.getByRole('button', { name: 'Continue' }))
    const confirmTitle = await screen.findByRole('heading', { name: 'Confirm the transfer to Arlit transit centre' })
    await waitFor(() => expect(confirmTitle).toHaveFocus())

    await user.click(screen.getByRole('button', { name: 'Back' }))
    await waitFor(() => expect(screen.getByLabelText('Move to centre')).toHaveFocus())
    // by keyboard alone: Tab to Continue, Enter
    await user.tab()
    expect(screen.getByRole('button', { name: 'Continue' })).toHaveFocus()
    await user.keyboard('{Enter}')
    await waitFor(() =>
      expect(screen.getByRole('heading', { name: 'Confirm the transfer to Arlit transit centre' })).toHaveFocus(),
    )

    await user.click(screen.getByRole('button', { name: 'Transfer to Arlit transit centre' }))
    // said in the page's live region, as every save is
    const said = await screen.findByText(/Transfer to Arlit transit centre saved on this phone/)
    expect(said.closest('[role="status"]')).toHaveAttribute('aria-live', 'polite')
    // the case's actions are gone (the user does not work at Arlit): focus is on its title, not lost
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Transfer' })).not.toBeInTheDocument())
    expect(screen.getByRole('heading', { name: 'Mamadou Diallo', level: 1 })).toHaveFocus()
    expect(document.activeElement).not.toBe(document.body)
  })
})
