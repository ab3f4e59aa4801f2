/**
 * IOM as an assistance's provider is one name in the records, whatever the language of
 * the phone that recorded it: the French form offers "OIM" and stores IOM, which every
 * reader sees in their own language (exports and other phones count one provider); a
 * partner's name stays as typed.
 */
import { screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { listRecords, saveRecord } from '@/data/records'
import { renderApp } from '../helpers/render-app'
import { assistance, person, seedCase } from './case-seed'

const WORDS = {
  fr: {
    record: 'Enregistrer une assistance',
    type: "Type d'assistance",
    provider: 'Fournie par',
    save: "Enregistrer l'assistance",
    iom: 'OIM',
  },
  ar: {
    record: 'تسجيل مساعدة',
    type: 'نوع المساعدة',
    provider: 'مقدَّمة من',
    save: 'حفظ المساعدة',
    iom: 'المنظمة الدولية للهجرة',
  },
  en: {
    record: 'Record assistance',
    type: 'Type of assistance',
    provider: 'Provided by',
    save: 'Save assistance',
    iom: 'IOM',
  },
} as const
type Lang = keyof typeof WORDS

const latestEntry = () => document.querySelector('ol[aria-labelledby="timeline-title"] li')

/** Records an assistance in `lang`, the provider as offered or as `typed`; answers the provider stored. */
async function recordIn(lang: Lang, typed?: string) {
  const mamadou = person()
  const words = WORDS[lang]
  const { user, db } = await renderApp({ path: `/cases/${mamadou.id}`, lang, seed: (db) => seedCase(db, mamadou) })
  await user.click(await screen.findByRole('button', { name: words.record }))
  expect(screen.getByLabelText(words.provider)).toHaveValue(words.iom)
  await user.selectOptions(screen.getByLabelText(words.type), 'food')
  if (typed !== undefined) {
    await user.clear(screen.getByLabelText(words.provider))
    await user.type(screen.getByLabelText(words.provider), typed)
  }
  await user.click(screen.getByRole('button', { name: words.save }))
  await waitFor(async () => expect(await listRecords(db, 'assistance')).toHaveLength(1))
  const [saved] = await listRecords(db, 'assistance')
  return saved?.data.provider
}

describe('the provider of an assistance', () => {
  it.each(['fr', 'ar', 'en'] as const)(
    'is stored as IOM when IOM is offered in %s, and read in that language',
    async (lang) => {
      expect(await recordIn(lang)).toBe('IOM')
      await waitFor(() => expect(latestEntry()).toHaveTextContent(`(${WORDS[lang].iom})`))
    },
  )

  it('is stored as typed for a partner', async () => {
    expect(await recordIn('fr', 'Croix-Rouge nigérienne')).toBe('Croix-Rouge nigérienne')
  })

  it('is stored as IOM when IOM is typed under its English name in French', async () => {
    expect(await recordIn('fr', ' iom ')).toBe('IOM')
  })

  it('reads IOM in the reader’s language, whoever recorded it', async () => {
    const mamadou = person()
    await renderApp({
      path: `/cases/${mamadou.id}`,
      lang: 'fr',
      seed: async (db) => {
        await seedCase(db, mamadou)
        await saveRecord(db, 'assistance', assistance(mamadou.id, { provider: 'IOM' }))
      },
    })
    await waitFor(() => expect(latestEntry()).toHaveTextContent('(OIM)'))
  })
})
