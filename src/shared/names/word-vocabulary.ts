/**
 * The distinct name words of an index, each with its keys (name-key.ts) and the people
 * whose names hold it. Twenty thousand people write a few thousand distinct words, so
 * fuzzy matching compares a typed word with words, not with people: blocking keys
 * (every spelling form, every skeleton, letter pairs of the forms, the first letters
 * of the word and of its typing form, known-equivalent classes) pick the few words
 * worth comparing, and the people come from their postings.
 *
 * Memory only: a word leaves the vocabulary when the last person holding it does, so
 * the name of a removed case does not linger. Nothing here is meant to be stored.
 */
import { type WordKeys, wordKeys, wordSimilarity } from './name-key'
import { typingForm } from './spelling-forms'

export interface VocabularyWord {
  keys: WordKeys
  /** slots of the people whose names hold this word, once per time they hold it */
  people: number[]
  /** the word as held in a name field, shared by every person holding it so */
  uses: (WordUse | undefined)[]
}

export type NameField = 'given' | 'family' | 'alias'

/** A word as a person's name holds it: in which field, and whether it may be left out. */
export interface WordUse {
  entry: VocabularyWord
  field: NameField
  optional: boolean
}

const FIELDS: NameField[] = ['given', 'family', 'alias']

/** Matching words and their similarity to the typed word. */
export type WordMatches = Map<VocabularyWord, number>

export interface MatchOptions {
  /** the least similarity that counts as a match */
  threshold: number
  /** the word may be unfinished: words it begins match too */
  prefix: boolean
}

// a word typed in full scores 1; one typed in part scores from PREFIX_BASE up to
// PREFIX_BASE + PREFIX_SPAN as it nears the whole word
const PREFIX_BASE = 0.86
const PREFIX_SPAN = 0.1

type Buckets = Map<string, VocabularyWord[]>

function addTo(buckets: Buckets, key: string, word: VocabularyWord): void {
  const list = buckets.get(key)
  if (list) list.push(word)
  else buckets.set(key, [word])
}

function removeFrom(buckets: Buckets, key: string, word: VocabularyWord): void {
  const list = buckets.get(key)
  if (!list) return
  const at = list.indexOf(word)
  if (at >= 0) list.splice(at, 1)
  if (list.length === 0) buckets.delete(key)
}

function letterPairs(form: string): string[] {
  const pairs = ['^' + form.slice(0, 1)]
  for (let i = 0; i + 1 < form.length; i++) pairs.push(form.slice(i, i + 2))
  return pairs
}

function blockingKeys(keys: WordKeys): string[] {
  const found = new Set<string>()
  for (const form of keys.forms) {
    found.add('f:' + form)
    for (const pair of letterPairs(form)) found.add('p:' + pair)
  }
  for (const skeleton of keys.skeletons) found.add('s:' + skeleton)
  if (keys.equivalence !== undefined) found.add('e:' + keys.equivalence)
  return [...found]
}

function startKeys(keys: WordKeys): string[] {
  const found = new Set<string>()
  for (const text of [keys.word, keys.typing]) {
    found.add('1:' + text.slice(0, 1))
    if (text.length >= 2) found.add('2:' + text.slice(0, 2))
  }
  return [...found]
}

export class WordVocabulary {
  private readonly words = new Map<string, VocabularyWord>()
  private readonly blocks: Buckets = new Map()
  private readonly starts: Buckets = new Map()
  private readonly cache = new Map<string, WordMatches>()

  get size(): number {
    return this.words.size
  }

  /** The entry of a folded word, made when first seen; the caller adds its people. */
  entry(word: string): VocabularyWord {
    const known = this.words.get(word)
    if (known) return known
    const created: VocabularyWord = { keys: wordKeys(word), people: [], uses: [] }
    this.words.set(word, created)
    for (const key of blockingKeys(created.keys)) addTo(this.blocks, key, created)
    for (const key of startKeys(created.keys)) addTo(this.starts, key, created)
    this.cache.clear()
    return created
  }

  /** The word as held in a field; the caller adds the person to entry.people. */
  use(word: string, field: NameField, optional: boolean): WordUse {
    const entry = this.entry(word)
    const at = FIELDS.indexOf(field) * 2 + (optional ? 1 : 0)
    const known = entry.uses[at]
    if (known) return known
    const created: WordUse = { entry, field, optional }
    entry.uses[at] = created
    return created
  }

  /** Drops a person from a word (once), and the word itself once nobody holds it. */
  release(entry: VocabularyWord, slot: number): void {
    const at = entry.people.indexOf(slot)
    if (at >= 0) {
      // order does not matter: the last one takes the place of the one leaving
      entry.people[at] = entry.people[entry.people.length - 1] as number
      entry.people.pop()
    }
    if (entry.people.length > 0 || this.words.get(entry.keys.word) !== entry) return
    this.words.delete(entry.keys.word)
    for (const key of blockingKeys(entry.keys)) removeFrom(this.blocks, key, entry)
    for (const key of startKeys(entry.keys)) removeFrom(this.starts, key, entry)
    this.cache.clear()
  }

  /** The words of the vocabulary that match a folded typed word, with their similarity. */
  matches(word: string, options: MatchOptions): WordMatches {
    const cacheKey = `${options.prefix ? 'p' : 'w'}${options.threshold}:${word}`
    const cached = this.cache.get(cacheKey)
    if (cached) return cached
    const typed = wordKeys(word)
    const found: WordMatches = new Map()
    for (const candidate of this.candidates(typed)) {
      const similarity = wordSimilarity(typed, candidate.keys)
      if (similarity >= options.threshold) found.set(candidate, similarity)
    }
    if (options.prefix) this.addPrefixMatches(word, found)
    if (this.cache.size > 2000) this.cache.clear()
    this.cache.set(cacheKey, found)
    return found
  }

  private candidates(typed: WordKeys): Set<VocabularyWord> {
    const chosen = new Set<VocabularyWord>()
    const shared = new Map<VocabularyWord, number>()
    for (const key of blockingKeys(typed)) {
      const list = this.blocks.get(key)
      if (!list) continue
      if (!key.startsWith('p:')) {
        for (const word of list) chosen.add(word)
        continue
      }
      for (const word of list) shared.set(word, (shared.get(word) ?? 0) + 1)
    }
    // words that share too few letter pairs with every form do not reach the thresholds
    // in use (a heuristic, checked against a full comparison in name-index.test.ts)
    const longest = Math.max(...typed.forms.map((form) => form.length))
    const needed = longest <= 4 ? 1 : 2
    for (const [word, count] of shared) if (count >= needed) chosen.add(word)
    return chosen
  }

  private addPrefixMatches(word: string, found: WordMatches): void {
    const typing = typingForm(word)
    const keys = new Set([word, typing].map((text) => (text.length >= 2 ? '2:' + text.slice(0, 2) : '1:' + text)))
    for (const key of keys) {
      for (const candidate of this.starts.get(key) ?? []) {
        const { word: whole, typing: wholeTyping } = candidate.keys
        const covered = whole.startsWith(word)
          ? word.length / whole.length
          : typing.length > 0 && wholeTyping.startsWith(typing)
            ? typing.length / wholeTyping.length
            : 0
        if (covered === 0) continue
        const score = whole === word ? 1 : PREFIX_BASE + PREFIX_SPAN * Math.min(1, covered)
        if (score > (found.get(candidate) ?? 0)) found.set(candidate, score)
      }
    }
  }
}
