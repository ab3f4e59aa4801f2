import i18next, { type i18n as I18n } from 'i18next'
import { describe, expect, it, vi } from 'vitest'
import { MAX_REMEMBERED, rememberTranslations } from '@/i18n/remembered-translations'

const fr = {
  tally: { save: 'Enregistrer le comptage' },
  people_one: '{{count}} personne',
  people_other: '{{count}} personnes',
  hello: 'Bonjour {{name}}',
}
const en = { tally: { save: 'Save the tally' }, people_one: '{{count}} person', people_other: '{{count}} people' }

async function instance(): Promise<{ i18n: I18n; lookUps: () => number }> {
  const i18n = i18next.createInstance()
  await i18n.init({
    resources: { fr: { translation: fr }, en: { translation: en } },
    lng: 'fr',
    fallbackLng: 'fr',
    interpolation: { escapeValue: false },
    initAsync: false,
  })
  rememberTranslations(i18n)
  // every look-up i18next works out goes through its instance's `t`
  const spy = vi.spyOn(i18n, 't')
  return { i18n, lookUps: () => spy.mock.calls.length }
}

describe('remembered translations', () => {
  it('answers as i18next does, and works a call out only once, whichever component asks', async () => {
    const { i18n, lookUps } = await instance()
    const t = i18n.getFixedT(null, 'translation')
    const other = i18n.getFixedT(null, 'translation') // another component's `t`
    expect(t('tally.save')).toBe('Enregistrer le comptage')
    expect(t('people', { count: 1 })).toBe('1 personne')
    expect(t('people', { count: 3 })).toBe('3 personnes')
    expect(t('hello', { name: 'Awa' })).toBe('Bonjour Awa')
    expect(t('codes.unknown', { defaultValue: 'truck' })).toBe('truck')
    expect(lookUps()).toBe(5)

    expect(other('tally.save')).toBe('Enregistrer le comptage')
    expect(other('people', { count: 3 })).toBe('3 personnes')
    expect(t('hello', { name: 'Awa' })).toBe('Bonjour Awa')
    expect(t('codes.unknown', { defaultValue: 'truck' })).toBe('truck')
    expect(lookUps()).toBe(5)

    // other values are other calls: a count of 1 and a name "1" are told apart
    expect(t('people', { count: 2 })).toBe('2 personnes')
    expect(t('hello', { name: 1 })).toBe('Bonjour 1')
    expect(t('hello', { name: '1' })).toBe('Bonjour 1')
    expect(lookUps()).toBe(8)
  })

  it('answers in the new language after a change, and with translations added since', async () => {
    const { i18n } = await instance()
    const t = i18n.getFixedT(null, 'translation')
    expect(t('tally.save')).toBe('Enregistrer le comptage')
    await i18n.changeLanguage('en')
    expect(t('tally.save')).toBe('Save the tally')
    expect(t('people', { count: 2 })).toBe('2 people')
    expect(t('hello', { name: 'Awa' })).toBe('Bonjour Awa') // French, the fallback

    i18n.addResourceBundle('en', 'translation', { hello: 'Hello {{name}}' }, true, true)
    expect(t('hello', { name: 'Awa' })).toBe('Hello Awa')
    i18n.removeResourceBundle('en', 'translation')
    expect(t('tally.save')).toBe('Enregistrer le comptage')
  })

  it('keeps a `t` fixed to a language in that language, apart from the others', async () => {
    const { i18n } = await instance()
    const english = i18n.getFixedT('en', 'translation')
    const current = i18n.getFixedT(null, 'translation')
    expect(current('tally.save')).toBe('Enregistrer le comptage')
    expect(english('tally.save')).toBe('Save the tally')
    expect((english as unknown as { lng: string }).lng).toBe('en') // as i18next's own fixed `t` says
    expect(i18n.getFixedT(null, 'translation', 'tally')('save')).toBe('Enregistrer le comptage')
  })

  it('works out anew each call whose options hold more than plain values', async () => {
    const { i18n, lookUps } = await instance()
    const t = i18n.getFixedT(null, 'translation')
    const name = { toString: () => 'Awa' }
    expect(t('hello', { name })).toBe('Bonjour Awa')
    expect(t('hello', { name })).toBe('Bonjour Awa')
    expect(t(['missing', 'tally.save'])).toBe('Enregistrer le comptage')
    expect(t(['missing', 'tally.save'])).toBe('Enregistrer le comptage')
    expect(t('tally', { returnObjects: true })).toEqual({ save: 'Enregistrer le comptage' })
    expect(t('tally', { returnObjects: true })).toEqual({ save: 'Enregistrer le comptage' })
    const hook = { name: 'Awa', onDone: () => undefined } // a function, whatever its text
    expect(t('hello', hook)).toBe('Bonjour Awa')
    expect(t('hello', hook)).toBe('Bonjour Awa')
    expect(lookUps()).toBe(8)
  })

  it('starts afresh past its bound, still answering right', async () => {
    const { i18n, lookUps } = await instance()
    const t = i18n.getFixedT(null, 'translation')
    for (let count = 0; count < MAX_REMEMBERED; count++) t('people', { count })
    expect(t('people', { count: 5 })).toBe('5 personnes')
    expect(lookUps()).toBe(MAX_REMEMBERED)
    expect(t('people', { count: MAX_REMEMBERED })).toBe(`${MAX_REMEMBERED} personnes`)
    expect(t('people', { count: 5 })).toBe('5 personnes')
    expect(lookUps()).toBe(MAX_REMEMBERED + 2)
  })
})
