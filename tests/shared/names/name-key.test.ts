import { describe, expect, it } from 'vitest'
import { DUPLICATE_WORD, NameIndex, SEARCH_WORD } from '@/shared/names/name-index'
import { consonantSkeleton, wordKeys, wordSimilarity } from '@/shared/names/name-key'
import { foldName } from '@/shared/names/normalize-name'
import { editDistance, jaroWinkler } from '@/shared/names/jaro-winkler'
import { spellingForm } from '@/shared/names/spelling-forms'

const keys = (name: string) => wordKeys(foldName(name))
const similarity = (a: string, b: string) => wordSimilarity(keys(a), keys(b))

describe('consonantSkeleton', () => {
  it.each([
    ['Mohamed', 'mmd'],
    ['Muhammad', 'mmd'],
    ['Mahamat', 'mmd'],
    ['محمد', 'mmd'],
    ['Ousmane', 'smn'],
    ['Aïchatou', 's'],
    ['Ouédraogo', 'wdrg'],
    ['Kouloubali', 'klbl'],
    ['Diop', 'jb'],
  ])('%s → %s', (name, skeleton) => {
    expect(consonantSkeleton(spellingForm(foldName(name)))).toBe(skeleton)
  })
})

describe('wordSimilarity', () => {
  it.each([
    ['Mohamed', 'Mohammed'],
    ['Mohamed', 'Muhammad'],
    ['Aïssata', 'Aissata'],
    ['Aïssata', 'Aichatou'],
    ['Ousmane', 'Usman'],
    ['Ibrahim', 'Ibrahin'],
    ['Mansaray', 'Masnaray'],
    ['Kassambara', 'Kssambara'],
    ['محمد', 'Mohamed'],
    ['عثمان', 'Ousmane'],
    ['موسى', 'Moussa'],
  ])('matches %s and %s', (a, b) => {
    expect(similarity(a, b)).toBeGreaterThanOrEqual(DUPLICATE_WORD)
    expect(similarity(b, a)).toBe(similarity(a, b))
  })

  it.each([
    ['Sow', 'Sy'],
    ['Koné', 'Konaté'],
    ['Bello', 'Bala'],
    ['Karim', 'Kourouma'],
    ['Oumar', 'Oumou'],
  ])('tells %s from %s', (a, b) => {
    expect(similarity(a, b)).toBeLessThan(SEARCH_WORD)
  })

  it('gives 1 to the same folded word only', () => {
    expect(similarity('TRAORÉ', 'traore')).toBe(1)
    expect(similarity('Mohamed', 'Mohammed')).toBeLessThan(1)
  })

  it('matches an Arabic-script name with itself', () => {
    const index = new NameIndex([{ id: 'a', givenName: 'محمد', familyName: 'عثمان' }])
    expect(index.search('محمد عثمان', { prefix: false }).map((match) => match.id)).toEqual(['a'])
    expect(index.search('Mohamed Ousmane', { prefix: false }).map((match) => match.id)).toEqual(['a'])
  })
})

describe('string measures', () => {
  it.each([
    ['martha', 'marhta', 0.961],
    ['dixon', 'dicksonx', 0.813],
    ['abc', 'xyz', 0],
  ])('Jaro–Winkler of %s and %s is %d', (a, b, expected) => {
    expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3)
  })

  it.each([
    ['kitten', 'sitting', 3],
    ['mnsr', 'msnr', 1],
    ['', 'abc', 3],
  ])('edit distance of %s and %s is %d', (a, b, expected) => {
    expect(editDistance(a, b)).toBe(expected)
  })
})
