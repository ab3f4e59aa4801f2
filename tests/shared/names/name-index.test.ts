import { describe, expect, it } from 'vitest'
import { type IndexedPerson, NameIndex, SEARCH_WORD } from '@/shared/names/name-index'
import { wordSimilarity } from '@/shared/names/name-key'
import { nameWords } from '@/shared/names/normalize-name'
import { WordVocabulary } from '@/shared/names/word-vocabulary'
import { generatePopulation } from './population'

const person = (
  id: string,
  givenName: string,
  familyName: string,
  more: Partial<IndexedPerson> = {},
): IndexedPerson => ({
  id,
  givenName,
  familyName,
  ...more,
})

const ids = (matches: { id: string }[]) => matches.map((match) => match.id)

describe('NameIndex.search', () => {
  const index = new NameIndex([
    person('aissata', 'Aïssata', 'Traoré', { sex: 'female', nationality: 'MLI', birthYear: 1995 }),
    person('mohamed', 'Mohamed', 'Ould Ahmed', { sex: 'male', nationality: 'MRT', birthYear: 1988 }),
    person('moussa', 'Moussa', 'Ag Ghaly', { sex: 'male', nationality: 'NER', birthYear: 2001, ageGroup: '18_59' }),
    person('oumar', 'Oumar', 'Sidibé', { sex: 'male', nationality: 'MLI', birthYear: 1979 }),
    person('oumou', 'Oumou', 'Sidibé', { sex: 'female', nationality: 'MLI', birthYear: 1979 }),
    person('ousmane', 'Ousmane', 'Diallo', { sex: 'male', birthYear: 1990, aliases: ['Blaise'] }),
    person('usman', 'Usman', 'Sow', { sex: 'male', birthYear: 1990 }),
    person('child', 'Fatoumata', 'Kone', { sex: 'female', ageGroup: '5_11' }),
  ])

  it.each([
    ['another spelling', 'Aichatou Traore', 'aissata'],
    ['family name first', 'Traoré Aïssata', 'aissata'],
    ['capitals and no accents', 'AISSATA TRAORE', 'aissata'],
    ['the particle left out', 'Mohammed Ahmed', 'mohamed'],
    ['the particle spelt another way', 'Muhammad Wuld Ahmed', 'mohamed'],
    ['an alias', 'Blaise Diallo', 'ousmane'],
    ['Arabic script', 'محمد أحمد', 'mohamed'],
  ])('finds a name written with %s', (_, query, id) => {
    expect(ids(index.search(query, { prefix: false }))[0]).toBe(id)
  })

  it('finds by the beginning of the word being typed', () => {
    expect(ids(index.search('Aïssata Tra'))).toEqual(['aissata'])
    expect(ids(index.search('Fatoumata Ko'))).toEqual(['child'])
    expect(ids(index.search('Mouh'))).toEqual(['mohamed'])
  })

  it('treats a word followed by a space as finished', () => {
    expect(ids(index.search('Aïssata Tr'))).toEqual(['aissata'])
    expect(ids(index.search('Aïssata Tr '))).toEqual([])
    expect(ids(index.search('Aïssata Tr', { prefix: false }))).toEqual([])
  })

  it('ranks the same spelling first, then other spellings', () => {
    const found = index.search('Ousmane', { prefix: false })
    expect(ids(found)).toEqual(['ousmane', 'usman'])
    expect(found[0]?.score).toBeGreaterThan(found[1]?.score as number)
  })

  it('does not answer a different name that looks alike', () => {
    expect(ids(index.search('Oumar Sidibé', { prefix: false }))).toEqual(['oumar'])
    expect(ids(index.search('Oumou Sidibé', { prefix: false }))).toEqual(['oumou'])
  })

  it('narrows by sex, nationality, birth year ± 2 and age group', () => {
    expect(ids(index.search('Ousmane', { prefix: false, birthYear: 1992 }))).toEqual(['ousmane', 'usman'])
    expect(ids(index.search('Ousmane', { prefix: false, birthYear: 1993 }))).toEqual([])
    expect(ids(index.search('Aissata', { sex: 'male' }))).toEqual([])
    expect(ids(index.search('Moussa', { prefix: false, nationality: 'MLI' }))).toEqual([])
    expect(ids(index.search('Oumar', { prefix: false, nationality: 'MLI' }))).toEqual(['oumar'])
    expect(ids(index.search('Moussa', { prefix: false, ageGroup: '18_59' }))).toEqual(['moussa'])
    expect(ids(index.search('Fatoumata', { prefix: false, ageGroup: '18_59' }))).toEqual([])
  })

  it('keeps people whose filtered field is not known', () => {
    expect(ids(index.search('Fatoumata', { prefix: false, birthYear: 2015 }))).toEqual(['child'])
  })

  it('answers nothing to an empty or meaningless query', () => {
    expect(index.search('')).toEqual([])
    expect(index.search(' - ')).toEqual([])
  })

  it('stops at the limit', () => {
    expect(index.search('Ousmane', { prefix: false, limit: 1 })).toHaveLength(1)
  })
})

describe('NameIndex.possibleDuplicates', () => {
  const index = new NameIndex([
    person('a', 'Aïchatou', 'Coulibaly', { sex: 'female', birthYear: 1996 }),
    person('b', 'Aïcha', 'Coulibaly', { sex: 'female', birthYear: 2004 }),
    person('c', 'Aissata', 'Kulibali', { sex: 'male', birthYear: 1996 }),
    person('d', 'Aissata', 'Kanté', { sex: 'female', birthYear: 1996 }),
    person('e', 'Fatoumata', 'Bah'),
  ])

  it('proposes another spelling born within two years, of the same sex', () => {
    const found = index.possibleDuplicates(person('new', 'Aissata', 'Kouloubali', { sex: 'female', birthYear: 1998 }))
    expect(ids(found)).toEqual(['a'])
  })

  it('proposes a name written in the other order, or with an added honorific', () => {
    const found = index.possibleDuplicates(
      person('new', 'Coulibaly', 'Hadja Aichatou', { sex: 'female', birthYear: 1995 }),
    )
    expect(ids(found)).toEqual(['a'])
  })

  it('keeps people whose sex or birth year is not known', () => {
    const found = index.possibleDuplicates(person('new', 'Fatima', 'Ba', { sex: 'female', birthYear: 1990 }))
    expect(ids(found)).toEqual(['e'])
  })

  it('leaves out the person itself', () => {
    const found = index.possibleDuplicates(person('a', 'Aïchatou', 'Coulibaly', { sex: 'female', birthYear: 1996 }))
    expect(ids(found)).toEqual([])
  })

  it('needs both names to match', () => {
    const found = index.possibleDuplicates(person('new', 'Aïcha', 'Keita', { sex: 'female', birthYear: 1996 }))
    expect(ids(found)).toEqual([])
  })
})

describe('NameIndex updates', () => {
  it('adds, updates and removes people one at a time', () => {
    const index = new NameIndex()
    index.add(person('1', 'Ibrahim', 'Coulibaly'))
    index.add(person('2', 'Brahim', 'Kulibali'))
    expect(ids(index.search('Ibrahima Coulibaly', { prefix: false }))).toEqual(['1', '2'])

    index.update(person('2', 'Moussa', 'Kulibali'))
    expect(ids(index.search('Ibrahima Coulibaly', { prefix: false }))).toEqual(['1'])
    expect(ids(index.search('Musa Coulibaly', { prefix: false }))).toEqual(['2'])

    index.remove('1')
    index.remove('unknown')
    expect(index.size).toBe(1)
    expect(index.search('Ibrahim')).toEqual([])
  })

  it('forgets the words of removed people', () => {
    const index = new NameIndex([person('1', 'Zalika', 'Magagi')])
    index.remove('1')
    index.add(person('2', 'Zalika', 'Tankari'))
    expect(ids(index.search('Magagi'))).toEqual([])
  })
})

describe('blocking', () => {
  it('finds every word a comparison with the whole vocabulary finds', () => {
    const { people } = generatePopulation({ size: 3000, planted: 300, seed: 3 })
    const words = new Set(
      people.flatMap((p) => [...nameWords(p.givenName), ...nameWords(p.familyName)]).map((w) => w.text),
    )
    const vocabulary = new WordVocabulary()
    const entries = [...words].map((word) => vocabulary.entry(word))
    for (const entry of entries.filter((_, i) => i % 3 === 0)) {
      const blocked = [...vocabulary.matches(entry.keys.word, { threshold: SEARCH_WORD, prefix: false }).keys()]
      const full = entries.filter((other) => wordSimilarity(entry.keys, other.keys) >= SEARCH_WORD)
      expect(blocked.map((found) => found.keys.word).sort(), entry.keys.word).toEqual(
        full.map((found) => found.keys.word).sort(),
      )
    }
  })
})
