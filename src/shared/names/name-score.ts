/**
 * How well a person's name answers a typed name, from word similarities already
 * computed against the vocabulary (word-vocabulary.ts). Words pair up greedily, the
 * most similar pair first, each word used once and in any order, so "Diallo Aïssata"
 * finds "Aissata Diallo". Aliases are more words the person may be found by.
 *
 * Two rules. A search wants every word typed (particles and honorifics aside) to find
 * a word of the person, and ranks by the mean similarity less a little for each word
 * of the person's name that was not typed. A duplicate check compares two whole
 * names: every word of the shorter name must pair up, at least two when both have
 * two, and the words left over on either side cost a little.
 */
import type { WordMatches, WordUse } from './word-vocabulary'

export interface QueryWord {
  optional: boolean
  matches: WordMatches
}

export type PersonWord = WordUse

export type ScoreRule = 'search' | 'duplicate'

// what a word of the name left unpaired costs, and the most all of them may cost
const UNPAIRED_COST = 0.03
const UNPAIRED_MAX = 0.09
// an optional word typed (a particle) weighs less than a name in the mean
const OPTIONAL_WEIGHT = 0.3

interface Pair {
  query: number
  person: number
  similarity: number
}

function pairUp(query: QueryWord[], words: PersonWord[]): Pair[] {
  const candidates: Pair[] = []
  for (let q = 0; q < query.length; q++) {
    const matches = (query[q] as QueryWord).matches
    for (let p = 0; p < words.length; p++) {
      const similarity = matches.get((words[p] as PersonWord).entry)
      if (similarity !== undefined) candidates.push({ query: q, person: p, similarity })
    }
  }
  candidates.sort((a, b) => b.similarity - a.similarity || a.query - b.query || a.person - b.person)
  const usedQuery = new Set<number>()
  const usedPerson = new Set<number>()
  const pairs: Pair[] = []
  for (const pair of candidates) {
    if (usedQuery.has(pair.query) || usedPerson.has(pair.person)) continue
    usedQuery.add(pair.query)
    usedPerson.add(pair.person)
    pairs.push(pair)
  }
  return pairs
}

/** 0 when the name does not answer the query under the rule, else a score up to 1. */
export function scoreName(query: QueryWord[], words: PersonWord[], rule: ScoreRule): number {
  const pairs = pairUp(query, words)
  const pairedQuery = new Set(pairs.map((pair) => pair.query))
  const pairedPerson = new Set(pairs.map((pair) => pair.person))
  const requiredQuery = query.flatMap((word, i) => (word.optional ? [] : [i]))
  const requiredPerson = words.flatMap((word, i) => (word.optional || word.field === 'alias' ? [] : [i]))
  const unpairedQuery = requiredQuery.filter((i) => !pairedQuery.has(i)).length
  const unpairedPerson = requiredPerson.filter((i) => !pairedPerson.has(i)).length

  if (rule === 'search') {
    if (unpairedQuery > 0) return 0
  } else {
    const pairedRequired = pairs.filter((pair) => !(query[pair.query] as QueryWord).optional).length
    const shorter = Math.min(requiredQuery.length, requiredPerson.length)
    if (pairedRequired < Math.min(2, shorter) || (unpairedQuery > 0 && unpairedPerson > 0)) return 0
  }

  let weighted = 0
  let weights = 0
  for (const pair of pairs) {
    const weight = (query[pair.query] as QueryWord).optional ? OPTIONAL_WEIGHT : 1
    weighted += weight * pair.similarity
    weights += weight
  }
  if (weights === 0) return 0
  const unpaired = rule === 'search' ? unpairedPerson : unpairedPerson + unpairedQuery
  return Math.max(0, weighted / weights - Math.min(UNPAIRED_MAX, UNPAIRED_COST * unpaired))
}
