/**
 * A button whose work runs keeps the keyboard's focus (aria-disabled, not disabled), and
 * a press meanwhile does nothing: no second save, no form submitted.
 */
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { BusyButton } from '@/components/busy-button'

describe('BusyButton', () => {
  it('works as a button while idle', async () => {
    const onClick = vi.fn()
    render(
      <BusyButton busy={false} onClick={onClick}>
        Save
      </BusyButton>,
    )
    const button = screen.getByRole('button', { name: 'Save' })
    expect(button).toHaveAttribute('type', 'button')
    expect(button).not.toHaveAttribute('aria-disabled')
    await userEvent.click(button)
    expect(onClick).toHaveBeenCalledTimes(1)
  })

  it('while busy, keeps focus and says it cannot be used, and a press does nothing', async () => {
    const onClick = vi.fn()
    render(
      <BusyButton busy onClick={onClick}>
        Saving…
      </BusyButton>,
    )
    const button = screen.getByRole('button', { name: 'Saving…' })
    button.focus()
    expect(button).toHaveFocus()
    expect(button).toBeEnabled()
    expect(button).toHaveAttribute('aria-disabled', 'true')
    await userEvent.click(button)
    await userEvent.keyboard('{Enter}')
    expect(onClick).not.toHaveBeenCalled()
    expect(button).toHaveFocus()
  })

  it('while busy, submits nothing, by a press or by Enter in a field', async () => {
    const onSubmit = vi.fn((e: { preventDefault(): void }) => e.preventDefault())
    render(
      <form onSubmit={onSubmit}>
        <label>
          Name <input />
        </label>
        <BusyButton type="submit" busy>
          Saving…
        </BusyButton>
      </form>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Saving…' }))
    await userEvent.type(screen.getByLabelText('Name'), 'Hawa{Enter}')
    expect(onSubmit).not.toHaveBeenCalled()
  })
})
