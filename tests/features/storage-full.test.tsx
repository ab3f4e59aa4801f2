import { screen, waitFor, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { loadDraft, saveDraft } from '@/data/drafts'
import { addRecord, listRecords, saveRecord } from '@/data/records'
import { renderApp } from './helpers/render-app'

vi.mock('@/data/records', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/data/records')>()
  return { ...actual, saveRecord: vi.fn(actual.saveRecord), addRecord: vi.fn(actual.addRecord) }
})

vi.mock('@/data/drafts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@/data/drafts')>()
  return { ...actual, saveDraft: vi.fn(actual.saveDraft) }
})

afterEach(async () => {
  const records = await vi.importActual<typeof import('@/data/records')>('@/data/records')
  const drafts = await vi.importActual<typeof import('@/data/drafts')>('@/data/drafts')
  vi.mocked(saveRecord).mockImplementation(records.saveRecord)
  vi.mocked(addRecord).mockImplementation(records.addRecord)
  vi.mocked(saveDraft).mockImplementation(drafts.saveDraft)
})

const group = (name: string) => screen.getByRole('group', { name })

describe('a full phone', () => {
  it('says so on the registration form, keeps every typed value, and saves once space is freed', async () => {
    const { user, db } = await renderApp({ path: '/register' })
    await screen.findByRole('heading', { name: 'Register a person', level: 1 })
    await user.selectOptions(screen.getByLabelText('Entry channel'), 'walk_in')
    await user.click(within(group('Consent to data processing')).getByLabelText('Yes'))
    await user.click(within(group('Consent to sharing with partners')).getByLabelText('No'))
    await user.click(await screen.findByRole('button', { name: 'Next' }))
    await user.type(await screen.findByLabelText('Given name'), 'Fatouma')
    await user.type(screen.getByLabelText('Family name'), 'Harouna')
    await user.click(within(group('Sex')).getByLabelText('Female'))
    await user.click(within(group('Date of birth or age')).getByLabelText('Age only'))
    await user.type(screen.getByLabelText('Estimated age (years)'), '31')
    await user.selectOptions(screen.getByLabelText('Nationality'), 'MLI')
    // household, journey, vulnerabilities, assisted return, then the review
    for (let step = 0; step < 5; step++) await user.click(await screen.findByRole('button', { name: 'Next' }))

    vi.mocked(saveRecord).mockRejectedValueOnce(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
    await user.click(await screen.findByRole('button', { name: 'Save' }))

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This phone is full: nothing was lost; free some space and try again.',
    )
    expect(screen.queryByText('Not valid.')).not.toBeInTheDocument()
    expect(await listRecords(db, 'registration')).toHaveLength(0)
    await waitFor(async () =>
      expect(await loadDraft(db, 'registration:new')).toMatchObject({
        values: { givenName: 'Fatouma', familyName: 'Harouna', estimatedAge: '31', nationality: 'MLI' },
      }),
    )
    // back on the identity step, every typed value is there
    for (let step = 0; step < 5; step++) await user.click(await screen.findByRole('button', { name: 'Back' }))
    expect(await screen.findByLabelText('Given name')).toHaveValue('Fatouma')
    expect(screen.getByLabelText('Family name')).toHaveValue('Harouna')
    expect(screen.getByLabelText('Estimated age (years)')).toHaveValue('31')
    expect(screen.getByLabelText('Nationality')).toHaveValue('MLI')

    for (let step = 0; step < 5; step++) await user.click(await screen.findByRole('button', { name: 'Next' }))
    await user.click(await screen.findByRole('button', { name: 'Save' }))
    expect(await screen.findByRole('heading', { name: 'Case saved' })).toBeInTheDocument()
    expect(await listRecords(db, 'registration')).toHaveLength(1)
  })

  it('says so on the tally form, keeping the counts', async () => {
    const { user } = await renderApp({ path: '/tally', role: 'monitor' })
    await screen.findByRole('heading', { name: 'Tally', level: 1 })
    await user.click(within(group('Direction')).getByLabelText('Outgoing'))
    await user.selectOptions(screen.getByLabelText('Transport'), 'truck')
    await user.selectOptions(screen.getByLabelText('Departure country'), 'NER')
    await user.selectOptions(screen.getByLabelText('Destination country'), 'LBY')
    await user.selectOptions(screen.getByLabelText('Type of flow'), 'economic_long_term')
    await user.click(screen.getByRole('button', { name: 'Women +1' }))
    await user.click(screen.getByRole('button', { name: 'Women +1' }))

    const inner = new DOMException('The quota has been exceeded.', 'QuotaExceededError')
    vi.mocked(addRecord).mockRejectedValueOnce(Object.assign(new Error('Transaction aborted'), { inner }))
    await user.click(screen.getByRole('button', { name: 'Save tally' }))

    expect(await screen.findByRole('alert')).toHaveTextContent('This phone is full')
    expect(screen.getByLabelText('Women')).toHaveValue('2')
    expect(screen.getByLabelText('Transport')).toHaveValue('truck')
  })

  it('says so when the draft cannot be kept, and stops saying it once the draft is saved again', async () => {
    const { user, db } = await renderApp({ path: '/tally', role: 'monitor' })
    await screen.findByRole('heading', { name: 'Tally', level: 1 })
    vi.mocked(saveDraft).mockRejectedValue(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
    await user.click(screen.getByRole('button', { name: 'Men +1' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('This phone is full')
    expect(screen.getByLabelText('Men')).toHaveValue('1')

    vi.mocked(saveDraft).mockImplementation(
      (await vi.importActual<typeof import('@/data/drafts')>('@/data/drafts')).saveDraft,
    )
    await user.click(screen.getByRole('button', { name: 'Men +1' }))
    await waitFor(() => expect(screen.queryByText(/This phone is full/)).not.toBeInTheDocument())
    expect(await loadDraft(db, 'flowCount:new')).toMatchObject({ counts: { men: '2' } })
  })
})
