/**
 * Assistance and referrals are not dated before the day the case was registered
 * (CASE_RULES): the form says so at the date, keeps what was typed and saves nothing; the
 * registration day itself is fine.
 */
import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { listRecords } from '@/data/records'
import { renderApp } from '../helpers/render-app'
import { daysAgo, person, seedCase } from './case-seed'

const BEFORE = 'This date is before the day the case was registered.'

describe('the registration day bounds the case’s work', () => {
  it('refuses assistance given before the case was registered, at its date, and takes the same day', async () => {
    const mamadou = person({ registeredOn: daysAgo(2), consentDate: daysAgo(2) })
    const { user, db } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    await user.click(await screen.findByRole('button', { name: 'Record assistance' }))
    await user.selectOptions(screen.getByLabelText('Type of assistance'), 'food')
    const date = screen.getByLabelText('Date given')
    expect(date).toHaveAttribute('min', daysAgo(2))
    await user.clear(date)
    await user.type(date, '2020-01-01')
    await user.click(screen.getByRole('button', { name: 'Save assistance' }))
    expect(date).toHaveAccessibleDescription(BEFORE)
    expect(await screen.findByRole('link', { name: `Date given: ${BEFORE}` })).toBeInTheDocument()
    expect(screen.getByLabelText('Type of assistance')).toHaveValue('food')
    expect(await listRecords(db, 'assistance')).toHaveLength(0)

    await user.clear(date)
    await user.type(date, daysAgo(2))
    await user.click(screen.getByRole('button', { name: 'Save assistance' }))
    expect(await screen.findByText('Assistance saved on this phone.')).toBeInTheDocument()
    expect((await listRecords(db, 'assistance'))[0]?.data.providedOn).toBe(daysAgo(2))
  })

  it('refuses a referral sent before the case was registered', async () => {
    const mamadou = person({ registeredOn: daysAgo(1), consentDate: daysAgo(1) })
    const { user, db } = await renderApp({ path: `/cases/${mamadou.id}`, seed: (db) => seedCase(db, mamadou) })
    await user.click(await screen.findByRole('button', { name: 'Refer' }))
    await user.selectOptions(screen.getByLabelText('Refer to'), 'iom_medical')
    await user.type(screen.getByLabelText('Reason'), 'Check-up')
    const date = screen.getByLabelText('Date sent')
    await user.clear(date)
    await user.type(date, daysAgo(3))
    await user.click(screen.getByRole('button', { name: 'Save referral' }))
    expect(date).toHaveAccessibleDescription(BEFORE)
    expect(screen.getByLabelText('Reason')).toHaveValue('Check-up')
    expect(await listRecords(db, 'referral')).toHaveLength(0)
  })

  it('says it in French and in Arabic', async () => {
    for (const [lang, open, label, save, words] of [
      [
        'fr',
        'Enregistrer une assistance',
        "Date de l'assistance",
        "Enregistrer l'assistance",
        'Cette date est antérieure',
      ],
      ['ar', 'تسجيل مساعدة', 'تاريخ المساعدة', 'حفظ المساعدة', 'هذا التاريخ يسبق يوم تسجيل الملف'],
    ] as const) {
      const mamadou = person({ registeredOn: daysAgo(1), consentDate: daysAgo(1) })
      const { user, unmount } = await renderApp({
        path: `/cases/${mamadou.id}`,
        lang,
        seed: (db) => seedCase(db, mamadou),
      })
      await user.click(await screen.findByRole('button', { name: open }))
      const date = screen.getByLabelText(label)
      await user.clear(date)
      await user.type(date, '2020-01-01')
      await user.click(screen.getByRole('button', { name: save }))
      expect(date).toHaveAccessibleDescription(new RegExp(words))
      unmount()
    }
  })
})
