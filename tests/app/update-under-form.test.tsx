/**
 * "A new version is ready" never interrupts an open form: while a form holds typing
 * not yet saved, Update reloads nothing and asks to save or close it first; once the
 * form is saved (or gone), the user's next Update applies.
 */
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState, type FormEvent } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { createUpdateController, UpdatePrompt } from '@/app/update-prompt'
import { watchUnsavedInput } from '@/app/unsaved-input'
import { setLanguage } from '@/i18n/i18n'

function fakeWorkbox() {
  type Listener = (event: { isUpdate?: boolean }) => void
  const listeners = new Map<string, Listener[]>()
  return {
    addEventListener(type: string, listener: Listener) {
      listeners.set(type, [...(listeners.get(type) ?? []), listener])
    },
    register: vi.fn(async () => undefined),
    messageSkipWaiting: vi.fn(),
    fire(type: string) {
      for (const l of listeners.get(type) ?? []) l({ isUpdate: true })
    },
  }
}

/** A form as the app's forms are: typed into, then saved. */
function NoteForm({ open }: { open: boolean }) {
  const [saved, setSaved] = useState(false)
  if (!open) return null
  return (
    <form
      onSubmit={(e: FormEvent) => {
        e.preventDefault()
        setSaved(true)
      }}
    >
      <label htmlFor="note">Note</label>
      <input id="note" />
      <button type="submit">Save</button>
      {saved && <p>Saved</p>}
    </form>
  )
}

describe('the update prompt and an open form', () => {
  it('does not reload while a form holds unsaved typing, and applies once it is saved', async () => {
    await setLanguage('en')
    const watch = watchUnsavedInput()
    const wb = fakeWorkbox()
    const reload = vi.fn()
    const controller = createUpdateController(wb, reload, () => watch.hasUnsavedInput())
    render(
      <>
        <UpdatePrompt controller={controller} />
        <NoteForm open />
      </>,
    )
    const note = screen.getByLabelText('Note')
    await userEvent.type(note, 'Famille de 4')
    wb.fire('waiting')
    expect(await screen.findByText('A new version is ready.')).toBeInTheDocument()
    // the prompt does not take the focus from the field being typed in
    expect(note).toHaveFocus()

    await userEvent.click(screen.getByRole('button', { name: 'Update' }))
    expect(screen.getByText(/Save or close the form you are filling in first/)).toBeInTheDocument()
    expect(wb.messageSkipWaiting).not.toHaveBeenCalled()
    wb.fire('controlling') // another tab's update takes over: this page still does not reload
    expect(reload).not.toHaveBeenCalled()
    expect(note).toHaveValue('Famille de 4')

    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    await screen.findByText('Saved')
    await userEvent.click(screen.getByRole('button', { name: 'Update' }))
    expect(wb.messageSkipWaiting).toHaveBeenCalledOnce()
    wb.fire('controlling')
    expect(reload).toHaveBeenCalledOnce()
    watch.stop()
  })

  it('applies once the form with typing has left the screen', async () => {
    await setLanguage('fr')
    const watch = watchUnsavedInput()
    const wb = fakeWorkbox()
    const controller = createUpdateController(wb, vi.fn(), () => watch.hasUnsavedInput())
    const view = render(
      <>
        <UpdatePrompt controller={controller} />
        <NoteForm open />
      </>,
    )
    await userEvent.type(screen.getByLabelText('Note'), 'x')
    wb.fire('waiting')
    await userEvent.click(await screen.findByRole('button', { name: 'Mettre à jour' }))
    expect(screen.getByText(/Enregistrez ou fermez d’abord le formulaire/)).toBeInTheDocument()
    expect(wb.messageSkipWaiting).not.toHaveBeenCalled()

    view.rerender(
      <>
        <UpdatePrompt controller={controller} />
        <NoteForm open={false} />
      </>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Mettre à jour' }))
    expect(wb.messageSkipWaiting).toHaveBeenCalledOnce()
    watch.stop()
  })

  it('updates at once when no form was typed in', async () => {
    await setLanguage('en')
    const watch = watchUnsavedInput()
    const wb = fakeWorkbox()
    const controller = createUpdateController(wb, vi.fn(), () => watch.hasUnsavedInput())
    render(
      <>
        <UpdatePrompt controller={controller} />
        <NoteForm open />
      </>,
    )
    wb.fire('waiting')
    await userEvent.click(await screen.findByRole('button', { name: 'Update' }))
    expect(wb.messageSkipWaiting).toHaveBeenCalledOnce()
    watch.stop()
  })
})
