/**
 * A draft at every step: values and step come back after a reload, Next writes the draft
 * at once; "Discard draft" asks first.
 */
import { screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { loadDraft, saveDraft } from '@/data/drafts'
import { listRecords } from '@/data/records'
import { choose, fillConsent, group, next, renderRegistration, stepHeading } from './registration-harness'

// the real writes, watched: which values went to the draft, and when
vi.mock('@/data/drafts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/data/drafts')>()
  return { ...actual, saveDraft: vi.fn(actual.saveDraft) }
})

type Stored = { values: Record<string, unknown>; step: string }

describe('registration draft', () => {
  it('comes back at the same step with every value after the form is closed and opened again', async () => {
    const first = await renderRegistration()
    const { user, db, session } = first
    await fillConsent(user, { entry: 'search_rescue' })
    await stepHeading(/Identity/)
    await user.type(screen.getByLabelText('Given name'), 'Aïssata')
    await next(user) // refused (family name missing): still on identity
    await user.type(screen.getByLabelText('Family name'), 'Bah')
    await choose(user, 'Sex', 'Female')
    await user.click(within(group('Date of birth or age')).getByLabelText('Age only'))
    await user.type(screen.getByLabelText('Estimated age (years)'), '31')
    await waitFor(
      async () =>
        expect(await loadDraft<Stored>(db, 'registration:new')).toMatchObject({
          step: 'identity',
          values: { givenName: 'Aïssata', familyName: 'Bah', estimatedAge: '31', entryChannel: 'search_rescue' },
        }),
      { timeout: 3000 },
    )
    first.unmount() // a reload, a crash or an app update

    const again = await renderRegistration({ reuse: { db, session } })
    await stepHeading(/Step 2 of 7: Identity/)
    expect(screen.getByText('Your unfinished form was restored.')).toBeInTheDocument()
    expect(screen.getByLabelText('Given name')).toHaveValue('Aïssata')
    expect(screen.getByLabelText('Family name')).toHaveValue('Bah')
    expect(within(group('Sex')).getByLabelText('Female')).toBeChecked()
    expect(screen.getByLabelText('Estimated age (years)')).toHaveValue('31')
    await again.user.click(screen.getByRole('button', { name: 'Back' }))
    expect(await screen.findByLabelText('Entry channel')).toHaveValue('search_rescue')
    // said of the step it came back to: gone once the registrar moves on
    expect(screen.queryByText('Your unfinished form was restored.')).not.toBeInTheDocument()
    expect(await listRecords(db, 'registration')).toHaveLength(0)
  }, 30_000)

  it('writes the draft at Next, before the next step is shown, and a reload lands on that step', async () => {
    const first = await renderRegistration()
    const { user, db, session } = first
    await fillConsent(user, { entry: 'search_rescue' })
    await stepHeading(/Step 2 of 7: Identity/)
    // typing waits for a pause before its write; Next does not
    const writes = vi.mocked(saveDraft)
    expect(writes).toHaveBeenLastCalledWith(
      db,
      'registration:new',
      expect.objectContaining({
        step: 'identity',
        values: expect.objectContaining({ entryChannel: 'search_rescue', consentProcessing: 'yes' }),
      }),
    )
    await writes.mock.results.at(-1)?.value
    first.unmount() // a reload, a crash or an app update

    const again = await renderRegistration({ reuse: { db, session } })
    await stepHeading(/Step 2 of 7: Identity/)
    await again.user.click(screen.getByRole('button', { name: 'Back' }))
    expect(await screen.findByLabelText('Entry channel')).toHaveValue('search_rescue')
    expect(within(group('Consent to sharing with partners')).getByLabelText('Yes')).toBeChecked()
  }, 30_000)

  it('keeps the draft when "Discard draft" is not confirmed, and empties the form when it is', async () => {
    const { user, db } = await renderRegistration()
    await fillConsent(user)
    await user.type(await screen.findByLabelText('Given name'), 'Moussa')
    await waitFor(async () => expect(await loadDraft(db, 'registration:new')).toBeDefined(), { timeout: 3000 })

    await user.click(screen.getByRole('button', { name: 'Discard draft' }))
    const question = screen.getByRole('alertdialog')
    expect(question).toHaveTextContent('Discard everything typed in this form? This cannot be undone.')
    await user.click(within(question).getByRole('button', { name: 'No, keep it' }))
    expect(screen.getByLabelText('Given name')).toHaveValue('Moussa')

    await user.click(screen.getByRole('button', { name: 'Discard draft' }))
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Yes, discard' }))
    await stepHeading(/Step 1 of 7: Consent/)
    expect(screen.getByLabelText('Entry channel')).toHaveValue('')
    expect(await loadDraft(db, 'registration:new')).toBeUndefined()
  }, 30_000)
})
