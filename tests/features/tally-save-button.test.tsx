/**
 * The tally's Save button while a save runs: a quick save changes nothing on screen (the
 * editor ignores a second tap meanwhile: tally-form.test.tsx); a save that takes long
 * enough to be noticed disables it and says "Saving…"; it is back as it was once the
 * save is done.
 */
import { act, render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRef } from 'react'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { SaveButton, type SaveButtonHandle } from '@/features/flow-counts/save-button'
import { setLanguage } from '@/i18n/i18n'

beforeAll(async () => {
  await setLanguage('en')
})
afterEach(() => vi.useRealTimers())

describe('tally Save button', () => {
  it('looks the same during a quick save, and waits saying Saving… when the save takes long', () => {
    vi.useFakeTimers()
    const ref = createRef<SaveButtonHandle>()
    render(<SaveButton ref={ref} label="Save tally" onSave={() => undefined} />)
    const button = screen.getByRole('button', { name: 'Save tally' })
    expect(button).toBeEnabled()

    act(() => ref.current?.setSaving(true))
    expect(button).toBeEnabled()
    expect(button).toHaveTextContent('Save tally')
    act(() => void vi.advanceTimersByTime(299))
    expect(button).toBeEnabled()
    act(() => void vi.advanceTimersByTime(1))
    expect(button).toBeDisabled()
    expect(button).toHaveTextContent('Saving…')

    act(() => ref.current?.setSaving(false))
    expect(button).toBeEnabled()
    expect(button).toHaveTextContent('Save tally')
  })

  it('saves when tapped, without submitting the form natively', async () => {
    const onSave = vi.fn()
    const onSubmit = vi.fn((event: { preventDefault(): void }) => event.preventDefault())
    render(
      <form onSubmit={onSubmit}>
        <SaveButton ref={createRef<SaveButtonHandle>()} label="Save tally" onSave={onSave} />
      </form>,
    )
    await userEvent.click(screen.getByRole('button', { name: 'Save tally' }))
    expect(onSave).toHaveBeenCalledTimes(1)
    expect(onSubmit).not.toHaveBeenCalled()
  })

  it('says nothing more of a quick save, even after the delay', () => {
    vi.useFakeTimers()
    const ref = createRef<SaveButtonHandle>()
    render(<SaveButton ref={ref} label="Save tally" onSave={() => undefined} />)
    act(() => ref.current?.setSaving(true))
    act(() => ref.current?.setSaving(false))
    act(() => void vi.advanceTimersByTime(1000))
    const button = screen.getByRole('button', { name: 'Save tally' })
    expect(button).toBeEnabled()
  })
})
