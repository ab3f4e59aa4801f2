/**
 * A case the server refused because another case already holds its number: no edit
 * could fix it, so the case page offers the phone's next number, says to write it on
 * the person's card, and sends the case again; a case the server once took, or a
 * phone without a case code, is offered nothing it cannot do.
 */
import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { CASE_COUNTER_KEY } from '@/data/db'
import { getRecord } from '@/data/records'
import { allQueuedEntries } from '@/data/outbox'
import type { Language } from '@/i18n/languages'
import { fakeSession, renderApp } from '../helpers/render-app'
import { person, seedCase } from './case-seed'

const taken = [
  { path: ['caseNumber'], code: 'case_number_taken', message: 'caseNumber is held by another registration' },
]

async function openRefusedCase(options: { caseCode?: string; syncedRev?: number; lang?: Language } = {}) {
  const mamadou = person({ caseNumber: 'AGZ-7K-0042' })
  const session = {
    ...fakeSession('registrar', ['AGZ-TC']),
    ...(options.caseCode ? { caseCode: options.caseCode } : {}),
  }
  const rendered = await renderApp({
    path: `/cases/${mamadou.id}`,
    session,
    lang: options.lang ?? 'en',
    seed: async (db) => {
      await seedCase(db, mamadou)
      await db.meta.put({ key: CASE_COUNTER_KEY, value: 57 })
      // as a push's answer leaves it: the record refused, its change parked
      await db.registrations.update(mamadou.id, { state: 'rejected', errors: taken, syncedRev: options.syncedRev ?? 0 })
      await db.outbox.where('recordId').equals(mamadou.id).modify({ status: 'parked' })
    },
  })
  await screen.findByRole('heading', { name: 'Mamadou Diallo', level: 1 })
  return { ...rendered, mamadou }
}

describe('a case refused because its number is taken', () => {
  it('gets the phone’s next number, to write on the card, and goes to the server again', async () => {
    const { user, db, mamadou } = await openRefusedCase({ caseCode: 'Q3' })
    expect(screen.getByText(/another case already has its number/)).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Give a new case number' }))

    const notice = await screen.findByText(
      'New case number AGZ-Q3-0058: write it on the person’s card in place of the old one. The case will be sent at the next sync.',
    )
    // the button is gone: focus is on what it did
    await waitFor(() => expect(notice).toHaveFocus())
    expect(screen.getByText('AGZ-Q3-0058', { selector: '.case-number-value' })).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Give a new case number' })).toBeNull()
    const saved = await getRecord(db, 'registration', mamadou.id)
    expect(saved).toMatchObject({ state: 'pending', data: { caseNumber: 'AGZ-Q3-0058', givenName: 'Mamadou' } })
    // queued again, with the new number
    const queued = (await allQueuedEntries(db)).filter((e) => e.recordId === mamadou.id)
    expect(queued).toHaveLength(1)
    expect(queued[0]?.changedFields).toContain('caseNumber')
    expect((await db.meta.get(CASE_COUNTER_KEY))?.value).toBe(58)
  })

  it('says to sign in again when the phone has no case code to make a number', async () => {
    await openRefusedCase()
    expect(screen.getByText(/another case already has its number/)).toBeInTheDocument()
    expect(screen.getByText(/cannot make case numbers now: sign in again/)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Give a new case number' })).toBeNull()
  })

  it('offers nothing for a case the server once took: its number is its own', async () => {
    await openRefusedCase({ caseCode: 'Q3', syncedRev: 2 })
    await waitFor(() => expect(screen.queryByText(/another case already has its number/)).toBeNull())
    expect(screen.queryByRole('button', { name: 'Give a new case number' })).toBeNull()
  })

  it.each([
    ['fr', 'Donner un nouveau numéro de dossier', /Nouveau numéro de dossier AGZ-Q3-0058 : écrivez-le/],
    ['ar', 'إعطاء رقم ملف جديد', /رقم الملف الجديد AGZ-Q3-0058: اكتبه/],
  ] as const)('says it in %s', async (lang, button, done) => {
    const { user } = await openRefusedCase({ caseCode: 'Q3', lang })
    await user.click(screen.getByRole('button', { name: button }))
    expect(await screen.findByText(done)).toBeInTheDocument()
  })
})
