import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { foldName, nameWords } from '@/shared/names/normalize-name'
import { spellingForm, spellingForms, typingForm } from '@/shared/names/spelling-forms'

describe('foldName', () => {
  it.each([
    ['strips accents and capitals', 'Aïssata TRAORÉ', 'aissata traore'],
    ['drops apostrophes inside a word', "N'Diaye", 'ndiaye'],
    ['breaks words at hyphens and spaces', '  El-Hadj   Moussa ', 'el hadj moussa'],
    ['folds compatibility forms', 'Ｍｏｕｓｓａ', 'moussa'],
    ['maps Hausa hooked letters', 'Ɗanɓaƙo', 'danbako'],
    ['writes ç as s', 'Françoise', 'fransoise'],
    ['maps Arabic letters to Latin consonants', 'محمد', 'mhmd'],
    ['strips Arabic vowel marks', 'مُحَمَّد', 'mhmd'],
    ['drops bidi marks and zero-width characters', '\u200FAï\u200Bcha\u200E', 'aicha'],
    ['drops lone surrogates', 'Ab\uD800dou', 'abdou'],
    ['keeps other scripts as they are', 'Мария ⵜⵉⴼⵉⵏⴰⵖ', 'мария ⵜⵉⴼⵉⵏⴰⵖ'],
    ['leaves nothing of punctuation and emoji', ' -- 😀 ', ''],
  ])('%s', (_, input, expected) => {
    expect(foldName(input)).toBe(expected)
  })
})

describe('nameWords', () => {
  it.each([
    ['marks particles before a name optional', 'Mohamed Ould Ahmed', ['mohamed', 'ould?', 'ahmed']],
    ['marks honorifics optional', 'El Hadj Moussa', ['el?', 'hadj?', 'moussa']],
    ['keeps a particle that is the whole field', 'Ba', ['ba']],
    ['keeps a particle that ends the field', 'Amadou Ba', ['amadou', 'ba']],
    ['marks initials optional', 'M. Diallo', ['m?', 'diallo']],
    ['joins an abd- prefix written apart', 'Abdel Kader', ['abdelkader']],
    ['does not join Abdou, a name of its own', 'Abdou Diallo', ['abdou', 'diallo']],
  ])('%s', (_, input, expected) => {
    expect(nameWords(input).map((word) => word.text + (word.optional ? '?' : ''))).toEqual(expected)
  })
})

describe('spelling forms', () => {
  // each row: spellings that the rules alone must write the same way
  it.each([
    ['ou / u / w', ['Ousmane', 'Usman', 'Ousman']],
    ['ou before a vowel is w', ['Ouédraogo', 'Wedraogo']],
    ['ch / sh / tch', ['Aïcha', 'Aisha', 'Aïchatou']],
    ['dj / j / di before a vowel', ['Djibril', 'Jibril'], ['Diakité', 'Jakité']],
    ['kh / k', ['Khadija', 'Kadidia']],
    ['ph / f', ['Moustapha', 'Moustafa']],
    ['double letters', ['Mohammed', 'Mohamed', 'Mouhamed']],
    ['y / i', ['Seydou', 'Seidou']],
    ['ee / i and oo / u', ['Zeenab', 'Zinab'], ['Boobakar', 'Bubakar']],
    ['a final h after a vowel', ['Bah', 'Ba']],
    ['a mute final e', ['Ousmane', 'Usman']],
    ['the vowel after the first m of Mohamed', ['Mohamed', 'Mouhamed', 'Mahamed']],
    ['the feminine -atou / -ata', ['Aminata', 'Aminatou']],
    ['i before a vowel is a glide', ['Siaka', 'Syaka'], ['Aliou', 'Aliyou']],
    ['the link of an abd- compound', ['Abdelaziz', 'Abdoulaziz', 'Abdulaziz']],
  ])('%s', (_, ...rows) => {
    for (const spellings of rows as string[][]) {
      const forms = spellings.map((spelling) => spellingForm(foldName(spelling)))
      expect(new Set(forms).size, `${spellings.join(' / ')} → ${forms.join(' / ')}`).toBe(1)
    }
  })

  it.each([
    ['a final -a or -ou as optional', 'Ibrahima', 'ibrahim'],
    ['a final -ou as optional', 'Oumarou', 'umar'],
    ['kh also as h', 'Khalil', 'halil'],
    ['th also as s', 'Othman', 'usman'],
    ['the "of God" ending as optional', 'Ramatoulaye', 'rama'],
    ['an abd- compound without its abd-', 'Abdelkader', 'kadir'],
    ['al- before h as optional', 'Alhassane', 'hasan'],
  ])('gives %s', (_, spelling, alternate) => {
    expect(spellingForms(foldName(spelling))).toContain(alternate)
  })

  it.each([
    ['Mouham', 'Mohamed'],
    ['Wedr', 'Ouédraogo'],
    ['Usm', 'Ousmane'],
    ['Aich', 'Aisha'],
    ['Djal', 'Jallow'],
    ['Fatoumat', 'Fatoumata'],
  ])('keeps "%s" being typed a prefix of %s in another spelling', (typed, whole) => {
    expect(typingForm(foldName(whole)).startsWith(typingForm(foldName(typed)))).toBe(true)
  })
})

describe('properties', () => {
  // any string: lone surrogates, bidi marks, emoji, other scripts, combining marks
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
    fc.string({
      unit: fc.constantFrom(..."aAéÏçœßİ ɓɗƙƴ-'’محمدعثمانـًّ\u200F\u202E\uD800\uDC00😀ﷲﻣ㎒ǅ".split('')),
      maxLength: 30,
    }),
  )

  it('folding is idempotent and never throws', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const folded = foldName(text)
        expect(foldName(folded)).toBe(folded)
      }),
      { numRuns: 2000 },
    )
  })

  it('spelling forms are never empty for a word and never throw', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const word of nameWords(text)) {
          expect(word.text).not.toBe('')
          expect(spellingForms(word.text).every((form) => typeof form === 'string')).toBe(true)
        }
      }),
      { numRuns: 2000 },
    )
  })
})
