import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { addElisionFormats, ofName, thatName } from '@/i18n/elision'
import fr from '@/i18n/locales/fr.json'

describe('French elision before a name', () => {
  it.each([
    ['Aïcha Moussa', "d'Aïcha Moussa"],
    ['Aissata Issoufou', "d'Aissata Issoufou"],
    ['Ousmane Bah', "d'Ousmane Bah"],
    ['Ibrahim Sani', "d'Ibrahim Sani"],
    ['Élodie Martin', "d'Élodie Martin"],
    ['ÉMILE', "d'ÉMILE"],
    ['Ïssa', "d'Ïssa"],
    ['umaru', "d'umaru"],
    ['Yves Diallo', "d'Yves Diallo"],
    // a Y before a vowel is a consonant; an H is kept as said in Hausa and Arabic names
    ['Yacouba Sani', 'de Yacouba Sani'],
    ['Hadiza Abdou', 'de Hadiza Abdou'],
    ['Halima', 'de Halima'],
    ['Moussa Issa', 'de Moussa Issa'],
    ['Zeinabou', 'de Zeinabou'],
    ['عائشة', 'de عائشة'],
    ['  Amadou ', "d'Amadou"],
  ])('%s → %s', (name, expected) => {
    expect(ofName(name)).toBe(expected)
  })

  it('elides "que" the same way', () => {
    expect(thatName('Ousmane')).toBe("qu'Ousmane")
    expect(thatName('Hadiza')).toBe('que Hadiza')
  })

  it('is asked for by the French translations with {{name, de}} and {{name, que}}', async () => {
    const i18n = i18next.createInstance()
    await i18n.init({
      resources: { fr: { translation: fr } },
      lng: 'fr',
      interpolation: { escapeValue: false },
      initAsync: false,
    })
    addElisionFormats(i18n)
    expect(i18n.t('registration.joinsHouseholdNoNumber', { name: 'Aissata Issoufou' })).toBe(
      "Rejoint le ménage d'Aissata Issoufou.",
    )
    expect(i18n.t('registration.joinsHouseholdNoNumber', { name: 'Moussa Issa' })).toBe(
      'Rejoint le ménage de Moussa Issa.',
    )
    expect(i18n.t('auth.leftAttention', { count: 1, name: 'Aïcha Moussa' })).toBe(
      "1 fiche d'Aïcha Moussa est à vérifier : elle attend qu'Aïcha Moussa se reconnecte ici.",
    )
  })

  it('leaves no French "de" or "que" before a name unelided', () => {
    const texts: string[] = []
    const walk = (node: unknown) => {
      if (typeof node === 'string') texts.push(node)
      else if (node && typeof node === 'object') Object.values(node).forEach(walk)
    }
    walk(fr)
    expect(texts.filter((text) => /\b(de|que) \{\{name\}\}/.test(text))).toEqual([])
  })
})
