/**
 * Save on a case's forms while the record is being written: the button stays focusable
 * (a disabled one drops the keyboard's focus to the page's start, and a full phone then
 * left the user nowhere) and says it is busy, a second press submits nothing, and once
 * written it is a button again.
 */
import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { CasePanelForm } from '@/features/case-file/case-panel-form'

function Panel({ saving, onSubmit }: { saving: boolean; onSubmit(): Promise<void> }) {
  return (
    <CasePanelForm
      titleId="t"
      title="Record assistance"
      summary={[]}
      attempt={0}
      problem={null}
      saving={saving}
      saveLabel="Save assistance"
      onSubmit={async (e) => {
        e.preventDefault()
        await onSubmit()
      }}
      onCancel={() => undefined}
    >
      <p>fields</p>
    </CasePanelForm>
  )
}

describe('Save on a case’s form', () => {
  it('keeps the keyboard’s focus while saving, and a second press submits nothing', () => {
    const onSubmit = vi.fn(async () => undefined)
    const { rerender } = render(<Panel saving={false} onSubmit={onSubmit} />)
    const save = screen.getByRole('button', { name: 'Save assistance' })
    save.focus()
    fireEvent.submit(save.closest('form') as HTMLFormElement)
    expect(onSubmit).toHaveBeenCalledTimes(1)

    rerender(<Panel saving onSubmit={onSubmit} />)
    const busy = screen.getAllByRole('button')[0] as HTMLElement
    expect(busy).not.toBeDisabled()
    expect(busy).toHaveAttribute('aria-disabled', 'true')
    expect(busy).toHaveFocus()
    fireEvent.submit(busy.closest('form') as HTMLFormElement)
    expect(onSubmit).toHaveBeenCalledTimes(1)

    rerender(<Panel saving={false} onSubmit={onSubmit} />)
    expect(screen.getByRole('button', { name: 'Save assistance' })).not.toHaveAttribute('aria-disabled')
  })
})
