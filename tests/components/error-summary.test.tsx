import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { ErrorSummary } from '@/components/error-summary'
import { setLanguage } from '@/i18n/i18n'

const items = [{ id: 'to', label: 'Orienter vers', message: 'Obligatoire.' }]

describe('error summary', () => {
  it('writes each problem in the language’s typography, its colon never alone on a line', async () => {
    await setLanguage('fr')
    render(<ErrorSummary items={items} attempt={1} />)
    const summary = screen.getByRole('alert')
    // French: a space before the colon, one that never breaks
    expect(screen.getByRole('heading').textContent).toBe('⚠ Vérifiez ces champs\u00a0:')
    expect(screen.getByRole('link').textContent).toBe('Orienter vers\u00a0: Obligatoire.')
    expect(summary).toHaveFocus()
    await setLanguage('en')
  })

  it('moves focus to the field of a problem', async () => {
    await setLanguage('en')
    render(
      <>
        <ErrorSummary items={[{ id: 'to', label: 'Refer to', message: 'Required.' }]} attempt={1} />
        <input id="to" aria-label="Refer to" />
      </>,
    )
    expect(screen.getByRole('link').textContent).toBe('Refer to: Required.')
    await userEvent.click(screen.getByRole('link'))
    expect(screen.getByRole('textbox', { name: 'Refer to' })).toHaveFocus()
  })
})
