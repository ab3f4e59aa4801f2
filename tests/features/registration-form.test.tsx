import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { loadDraft } from '@/data/drafts'
import { listRecords } from '@/data/records'
import { renderApp } from './helpers/render-app'

async function openForm(options: Parameters<typeof renderApp>[0] = {}) {
  const app = await renderApp({ path: '/register', ...options })
  await screen.findByRole('heading', { name: 'Register a person', level: 1 })
  return app
}

const group = (name: string) => screen.getByRole('group', { name })

describe('registration form', () => {
  it('shows inline errors and a linked summary on an empty submit, keeping what was typed', async () => {
    const { user, db } = await openForm()
    await user.click(within(group('Consent to data processing')).getByLabelText('Yes'))
    await user.type(screen.getByLabelText('Given name'), 'Moussa')
    await user.click(screen.getByRole('button', { name: 'Save' }))

    const summary = await screen.findByRole('alert')
    expect(within(summary).getByText('Check these fields:')).toBeInTheDocument()
    const link = within(summary).getByRole('link', { name: 'Family name: Required.' })
    expect(link).toHaveAttribute('href', '#reg-familyName')
    expect(within(summary).getByRole('link', { name: 'Entry channel: Required.' })).toBeInTheDocument()

    const familyName = screen.getByLabelText('Family name')
    expect(familyName).toHaveAttribute('aria-invalid', 'true')
    expect(familyName).toHaveAccessibleDescription(/Required\./)
    expect(screen.getByLabelText('Given name')).toHaveValue('Moussa')

    await user.click(link)
    expect(familyName).toHaveFocus()
    expect(await listRecords(db, 'registration')).toHaveLength(0)
  })

  it('keeps an anonymous record when consent to processing is refused', async () => {
    const { user, db } = await openForm()
    await user.selectOptions(screen.getByLabelText('Entry channel'), 'walk_in')
    await user.click(within(group('Consent to data processing')).getByLabelText('No'))

    expect(screen.getByText(/the record stays anonymous/)).toBeInTheDocument()
    expect(screen.queryByLabelText('Given name')).not.toBeInTheDocument()
    expect(screen.queryByLabelText('Family name')).not.toBeInTheDocument()
    expect(screen.queryByLabelText('Phone (optional)')).not.toBeInTheDocument()

    await user.click(within(group('Sex')).getByLabelText('Female'))
    await user.selectOptions(screen.getByLabelText('Age group'), '18_59')
    await user.selectOptions(screen.getByLabelText('Nationality'), 'MLI')
    await user.click(screen.getByLabelText('Single woman'))
    await user.click(screen.getByRole('button', { name: 'Save' }))

    await screen.findByRole('heading', { name: 'Cases', level: 1 })
    const [record] = await listRecords(db, 'registration')
    expect(record?.state).toBe('pending')
    expect(record?.data).toMatchObject({
      consentProcessing: false,
      consentSharing: false,
      siteCode: 'AGZ-TC',
      sex: 'female',
      ageGroup: '18_59',
      nationality: 'MLI',
      vulnerabilities: ['single_woman'],
    })
    expect(record?.data).not.toHaveProperty('givenName')
    expect(await screen.findByText('Anonymous')).toBeInTheDocument()
  })

  it('says a date before 1900 is not possible, at the field', async () => {
    const { user, db } = await openForm()
    await user.click(within(group('Consent to data processing')).getByLabelText('Yes'))
    await user.click(within(group('Date of birth or age')).getByLabelText('Date known'))
    fireEvent.change(screen.getByLabelText('Date of birth'), {
      target: { value: '1850-03-14' },
    })
    await user.click(screen.getByRole('button', { name: 'Save' }))
    const summary = await screen.findByRole('alert')
    expect(within(summary).getByText(/Not a possible date: between 1900 and today\./)).toBeInTheDocument()
    expect(await listRecords(db, 'registration')).toHaveLength(0)
  })

  it('saves a named registration on the phone and lists it as saved on this phone', async () => {
    const { user, db } = await openForm()
    await user.selectOptions(screen.getByLabelText('Entry channel'), 'expelled_point_zero')
    await user.click(within(group('Consent to data processing')).getByLabelText('Yes'))
    await user.click(within(group('Consent to sharing with partners')).getByLabelText('No'))
    await user.type(screen.getByLabelText('Given name'), 'Ibrahim')
    await user.type(screen.getByLabelText('Family name'), 'Diallo')
    await user.click(within(group('Sex')).getByLabelText('Male'))
    await user.click(within(group('Date of birth or age')).getByLabelText('Age only'))
    await user.type(screen.getByLabelText('Estimated age (years)'), '24')
    await user.type(screen.getByLabelText('Search: Nationality'), 'guin')
    await user.selectOptions(screen.getByLabelText('Nationality'), 'GIN')
    await user.type(screen.getByLabelText('Phone (optional)'), '+227 90 12 34 56')
    await user.selectOptions(screen.getByLabelText('ID document type'), 'passport')
    await user.type(screen.getByLabelText('Document number'), 'A1234567')
    await user.click(screen.getByRole('button', { name: 'Save' }))

    expect(await screen.findByText('Saved on this phone.')).toBeInTheDocument()
    expect(await screen.findByText('Ibrahim Diallo')).toBeInTheDocument()
    const row = screen.getByText('Ibrahim Diallo').closest('li') as HTMLElement
    expect(within(row).getByText('Saved on this phone')).toBeInTheDocument()

    const [record] = await listRecords(db, 'registration')
    const data = record?.data
    expect(data).toMatchObject({
      consentProcessing: true,
      consentSharing: false,
      givenName: 'Ibrahim',
      familyName: 'Diallo',
      nationality: 'GIN',
      dateOfBirthEstimated: true,
      phone: '+227 90 12 34 56',
      document: { type: 'passport', number: 'A1234567' },
      caseStatus: 'registered',
      registeredBy: expect.stringMatching(/^user-/),
    })
    if (data?.consentProcessing)
      expect(Number(data.registeredOn.slice(0, 4)) - Number(data.dateOfBirth.slice(0, 4))).toBe(24)
    expect(await loadDraft(db, 'registration:new')).toBeUndefined()
  })

  it('keeps a draft of the typing and restores it when the form opens again', async () => {
    const { user, db, unmount } = await openForm()
    await user.click(within(group('Consent to data processing')).getByLabelText('Yes'))
    await user.type(screen.getByLabelText('Given name'), 'Fatima')
    fireEvent.change(screen.getByLabelText('Registration date'), { target: { value: '2026-03-02' } })
    await waitFor(async () => expect(await loadDraft(db, 'registration:new')).toMatchObject({ givenName: 'Fatima' }), {
      timeout: 2000,
    })
    unmount()

    const { session } = await renderApp({ path: '/register', seed: (fresh) => copyDraft(db, fresh) })
    expect(session).not.toBeNull()
    expect(await screen.findByLabelText('Given name')).toHaveValue('Fatima')
    expect(screen.getByLabelText('Registration date')).toHaveValue('2026-03-02')
    expect(screen.getByText('Your unfinished form was restored.')).toBeInTheDocument()
  })
})

async function copyDraft(from: Parameters<typeof loadDraft>[0], to: Parameters<typeof loadDraft>[0]) {
  const { saveDraft } = await import('@/data/drafts')
  await saveDraft(to, 'registration:new', await loadDraft(from, 'registration:new'))
}
