/**
 * The spellings of tests/data/name-variants.csv and distinct-names.csv, pair by pair.
 * The tuning part must pass in full. The held-out part (name-data.ts says which groups)
 * was not used to tune; what it gave when first measured is pinned here, so that a
 * change that loses ground shows.
 */
import { describe, expect, it } from 'vitest'
import { DUPLICATE_WORD, type IndexedPerson, NameIndex, SEARCH_WORD } from '@/shared/names/name-index'
import { wordKeys, wordSimilarity } from '@/shared/names/name-key'
import { foldName } from '@/shared/names/normalize-name'
import { type DistinctPair, distinctPairs, pairsWithin, variantGroups } from './name-data'

const groups = variantGroups()
const distinct = distinctPairs()

/** The two people a desk would have registered with these spellings, all else equal. */
function people(kind: 'given' | 'family', a: string, b: string): [IndexedPerson, IndexedPerson] {
  const common = { sex: 'female' as const, birthYear: 1990 }
  return kind === 'given'
    ? [
        { id: 'a', givenName: a, familyName: 'Sanogo', ...common },
        { id: 'b', givenName: b, familyName: 'Sanogo', ...common },
      ]
    : [
        { id: 'a', givenName: 'Lassina', familyName: a, ...common },
        { id: 'b', givenName: 'Lassina', familyName: b, ...common },
      ]
}

/** Whether the index proposes a for b: as a possible duplicate, and in a search of b's name. */
function proposed(kind: 'given' | 'family', a: string, b: string) {
  const [first, second] = people(kind, a, b)
  const index = new NameIndex([first])
  return {
    duplicate: index.possibleDuplicates(second).some((match) => match.id === 'a'),
    search: index.search(`${second.givenName} ${second.familyName}`, { prefix: false }).length > 0,
  }
}

const similarity = (a: string, b: string) => wordSimilarity(wordKeys(foldName(a)), wordKeys(foldName(b)))

describe('tuning groups of name-variants.csv', () => {
  const pairs = groups
    .filter((group) => !group.heldOut)
    .flatMap((group) => pairsWithin(group).map((pair) => ({ group, pair })))

  it.each(pairs.map(({ group, pair: [a, b] }) => [group.name, a, b, group.kind] as const))(
    '%s: proposes %s for %s',
    (_, a, b, kind) => {
      expect(similarity(a, b)).toBeGreaterThanOrEqual(DUPLICATE_WORD)
      expect(proposed(kind, a, b)).toEqual({ duplicate: true, search: true })
      expect(proposed(kind, b, a)).toEqual({ duplicate: true, search: true })
    },
  )
})

describe('tuning pairs of distinct-names.csv', () => {
  it.each(distinct.filter((pair) => !pair.heldOut).map((pair) => [pair.a, pair.b, pair.kind] as const))(
    'does not propose %s for %s on the name alone',
    (a, b, kind) => {
      expect(similarity(a, b)).toBeLessThan(SEARCH_WORD)
      expect(proposed(kind, a, b)).toEqual({ duplicate: false, search: false })
      expect(proposed(kind, b, a)).toEqual({ duplicate: false, search: false })
    },
  )
})

// Measured once, after tuning, and not tuned on since: every held-out pair is proposed
// (the lowest similarity is 0.907, Touré / Turay), no held-out distinct pair is proposed
// as a duplicate, and a search proposes Mousta for Moussa (0.839: one consonant apart in
// a short name, above the search's word threshold and below the duplicate check's).
describe('held-out part', () => {
  it('proposes every pair within the held-out groups', () => {
    const pairs = groups
      .filter((group) => group.heldOut)
      .flatMap((group) => pairsWithin(group).map((pair) => ({ group, pair })))
    const missed = pairs.filter(({ group, pair: [a, b] }) => !proposed(group.kind, a, b).duplicate)
    expect(pairs).toHaveLength(35)
    expect(missed.map(({ pair }) => pair.join(' / '))).toEqual([])
  })

  it('proposes no held-out distinct pair as a duplicate, one in a search', () => {
    const held = distinct.filter((pair) => pair.heldOut)
    const wrongly = (way: 'duplicate' | 'search') =>
      held
        .filter(
          (pair: DistinctPair) => proposed(pair.kind, pair.a, pair.b)[way] || proposed(pair.kind, pair.b, pair.a)[way],
        )
        .map((pair) => `${pair.a} / ${pair.b}`)
    expect(held).toHaveLength(5)
    expect(wrongly('duplicate')).toEqual([])
    expect(wrongly('search')).toEqual(['Moussa / Mousta'])
  })
})
