import i18next from 'i18next'
import { describe, expect, it } from 'vitest'
import { addElisionFormats, ofCode, ofName, thatName } from '@/i18n/elision'
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

describe('French elision before a code', () => {
  it.each([
    ['AGZ-7K-0042', "d'AGZ-7K-0042"],
    ['ARL-FMP', "d'ARL-FMP"],
    ['ING-FMP', "d'ING-FMP"],
    ['EDF', "d'EDF"],
    ['OIM-3', "d'OIM-3"],
    ['UE', "d'UE"],
    // an id (a merge without case numbers) is read the same way
    ['e3b0c442-98fc-4c1c-8f5d-0a1b2c3d4e5f', "d'e3b0c442-98fc-4c1c-8f5d-0a1b2c3d4e5f"],
    // consonants whose names start with a vowel sound keep "de" ("de FMP", as one says "le FMI")
    ['FMP-0001', 'de FMP-0001'],
    ['HLM', 'de HLM'],
    ['LRB-2A-0007', 'de LRB-2A-0007'],
    ['MRD-7K-0042', 'de MRD-7K-0042'],
    ['NIA-TC', 'de NIA-TC'],
    ['RER', 'de RER'],
    ['SEG-FMP', 'de SEG-FMP'],
    ['XYZ-1', 'de XYZ-1'],
    ['YMC-1', 'de YMC-1'],
    ['DRK-7K-0042', 'de DRK-7K-0042'],
    ['TAH-TC', 'de TAH-TC'],
    ['2026-0042', 'de 2026-0042'],
    [' AGZ-7K-0042 ', "d'AGZ-7K-0042"],
  ])('%s → %s', (code, expected) => {
    expect(ofCode(code)).toBe(expected)
  })

  it('is asked for by the French translations with {{…, deSigle}}', async () => {
    const i18n = i18next.createInstance()
    await i18n.init({
      resources: { fr: { translation: fr } },
      lng: 'fr',
      interpolation: { escapeValue: false },
      initAsync: false,
    })
    addElisionFormats(i18n)
    expect(i18n.t('problems.duplicates.undone', { merged: 'AGZ-7K-0042' })).toBe(
      "La fusion d'AGZ-7K-0042 a été annulée.",
    )
    expect(i18n.t('problems.duplicates.undone', { merged: 'SEG-7K-0042' })).toBe(
      'La fusion de SEG-7K-0042 a été annulée.',
    )
  })

  it('leaves no French "de" or "que" before a placeholder holding a code or a case unelided', () => {
    const texts: string[] = []
    const walk = (node: unknown) => {
      if (typeof node === 'string') texts.push(node)
      else if (node && typeof node === 'object') Object.values(node).forEach(walk)
    }
    walk(fr)
    const bare = /\b(de|que) (<\w+>)?\{\{(caseNumber|number|case|merged|kept|a|b|code|id|site)\}\}/
    expect(texts.filter((text) => bare.test(text))).toEqual([])
  })
})
