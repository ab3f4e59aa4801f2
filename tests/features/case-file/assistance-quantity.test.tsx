/** The assistance form says what is wrong with a quantity: empty, not whole, out of range. */
import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { listRecords } from '@/data/records'
import { renderApp } from '../helpers/render-app'
import { person, seedCase } from './case-seed'

describe('assistance quantity', () => {
  it('says a decimal is not a whole number, and a quantity out of range or missing as such', async () => {
    const mamadou = person()
    const { user, db } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    await user.click(await screen.findByRole('button', { name: 'Record assistance' }))
    await user.selectOptions(screen.getByLabelText('Type of assistance'), 'food')
    const quantity = screen.getByLabelText('Quantity')
    const save = () => user.click(screen.getByRole('button', { name: 'Save assistance' }))

    await user.clear(quantity)
    await user.type(quantity, '1.5')
    await save()
    expect(await screen.findByRole('link', { name: 'Quantity: A whole number, without decimals.' })).toBeInTheDocument()
    expect(quantity).toHaveAccessibleDescription(/A whole number, without decimals\./)

    // digits grouped with a dot: never read as 1
    await user.clear(quantity)
    await user.type(quantity, '1.000')
    await save()
    expect(
      await screen.findByRole('link', { name: 'Quantity: Digits only, without dots, commas or spaces: 1000.' }),
    ).toBeInTheDocument()

    await user.clear(quantity)
    await user.type(quantity, '0')
    await save()
    expect(await screen.findByRole('link', { name: 'Quantity: A whole number from 1 to 10,000.' })).toBeInTheDocument()

    await user.clear(quantity)
    await save()
    expect(await screen.findByRole('link', { name: 'Quantity: Required.' })).toBeInTheDocument()
    expect(await listRecords(db, 'assistance')).toHaveLength(0)
  })

  it('says it in French', async () => {
    const mamadou = person()
    const { user } = await renderApp({ path: `/cases/${mamadou.id}`, lang: 'fr', seed: (db) => seedCase(db, mamadou) })
    await user.click(await screen.findByRole('button', { name: 'Enregistrer une assistance' }))
    const quantity = screen.getByLabelText('Quantité')
    await user.clear(quantity)
    await user.type(quantity, '1.5')
    await user.click(screen.getByRole('button', { name: /Enregistrer l/ }))
    expect(quantity).toHaveAccessibleDescription(/Un nombre entier, sans décimales\./)
  })
})
