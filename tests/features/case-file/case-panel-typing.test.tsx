/** Switching between a case's actions keeps what was typed in each (ux.md: never lose typing). */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { listRecords } from '@/data/records'
import { renderApp } from '../helpers/render-app'
import { person, seedCase } from './case-seed'

const referralForm = () => screen.getByRole('form', { name: 'Refer' })

describe('case actions keep their typing', () => {
  it('keeps a half-typed referral through a look at the status, and starts empty after a cancel', async () => {
    const mamadou = person()
    const { user, db } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    await user.click(await screen.findByRole('button', { name: 'Refer' }))
    await user.selectOptions(within(referralForm()).getByLabelText('Refer to'), 'unhcr')
    await user.type(within(referralForm()).getByLabelText('Reason'), 'Asylum claim')

    await user.click(screen.getByRole('button', { name: 'Change status' }))
    expect(screen.queryByRole('form', { name: 'Refer' })).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Refer' })).toHaveAttribute('aria-expanded', 'false')
    await user.click(screen.getByRole('button', { name: 'Refer' }))
    expect(within(referralForm()).getByLabelText('Refer to')).toHaveValue('unhcr')
    expect(within(referralForm()).getByLabelText('Reason')).toHaveValue('Asylum claim')

    // closed by its own button, it keeps the typing too; Cancel is what lets it go
    await user.click(screen.getByRole('button', { name: 'Refer' }))
    await user.click(screen.getByRole('button', { name: 'Refer' }))
    expect(within(referralForm()).getByLabelText('Reason')).toHaveValue('Asylum claim')
    await user.click(within(referralForm()).getByRole('button', { name: 'Cancel' }))
    await user.click(screen.getByRole('button', { name: 'Refer' }))
    expect(within(referralForm()).getByLabelText('Reason')).toHaveValue('')
    expect(await listRecords(db, 'referral')).toHaveLength(0)
  })
})
