/** The words of a case's header, in each language: every fact under a label of its own. */
import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { renderApp } from '../helpers/render-app'
import { person, seedCase } from './case-seed'

const marked = (lang: 'en' | 'fr' | 'ar') => {
  const earlier = person({ caseNumber: 'AGZ-7K-0010' })
  const again = person({ possibleDuplicateOf: [earlier.id] })
  return renderApp({
    path: `/cases/${again.id}`,
    lang,
    seed: async (db) => {
      await seedCase(db, earlier)
      await seedCase(db, again)
    },
  })
}

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

  // the mark stays after any later edit: its words fit a registration and an edit alike
  it('says a possible duplicate without saying when it was saved', async () => {
    await marked('en')
    const hint = await screen.findByText(/a supervisor will check/)
    expect(hint.closest('p')).toHaveTextContent(
      /^≈ Possible duplicate — may be the same person as another case; a supervisor will check\.$/,
    )
  })

  it('says it in French without "enregistré bien que"', async () => {
    await marked('fr')
    const hint = await screen.findByText(/un superviseur vérifiera/)
    expect(hint.closest('p')).toHaveTextContent(
      /^≈ Doublon possible — il pourrait s'agir de la même personne qu'un autre dossier\s; un superviseur vérifiera\.$/,
    )
  })
})
