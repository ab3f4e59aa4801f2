/** The words of a case's header, in each language: every fact under a label of its own. */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from '../helpers/render-app'
import { person, seedCase } from './case-seed'

const facts = async () => {
  const header = (await screen.findByRole('heading', { level: 1 })).closest('header')!
  return within(header)
    .getAllByRole('term')
    .map((dt) => [dt.textContent, dt.nextElementSibling?.textContent])
}

describe('case header words', () => {
  it.each(['en', 'fr', 'ar'] as const)(
    'gives the case status and the sending state different labels (%s)',
    async (lang) => {
      const mamadou = person()
      await renderApp({ path: `/cases/${mamadou.id}`, lang, seed: (db) => seedCase(db, mamadou) })
      const labels = (await facts()).map(([label]) => label)
      expect(new Set(labels).size).toBe(labels.length)
    },
  )

  it('says in Arabic the status with its word, and the state of sending with another', async () => {
    const mamadou = person()
    await renderApp({ path: `/cases/${mamadou.id}`, lang: 'ar', seed: (db) => seedCase(db, mamadou) })
    const byLabel = Object.fromEntries(await facts())
    expect(byLabel['الحالة']).toBe('مسجَّل')
    expect(byLabel['حالة الإرسال']).toMatch(/هذا الهاتف/)
  })
})
