/**
 * Find before registering: an in-memory index of the people on the device, searched by
 * name while typing and asked for possible duplicates of a person being registered.
 * Names match across transliterations and spellings (normalize-name.ts,
 * spelling-forms.ts, name-key.ts), in either order, by the beginning of the last word
 * while it is typed, and by aliases; results narrow by sex, nationality, birth year
 * (± 2) or age group.
 *
 * Built after unlock from the decrypted records and dropped at lock. It holds names in
 * memory only and exposes ids and scores, nothing meant to be stored: clear names,
 * spelling forms and skeletons must never reach IndexedDB, where their frequencies
 * would reveal the names on a stolen phone.
 */
import type { AGE_GROUPS, SEXES } from '@/shared/schemas/codes'
import { type NameWord, nameWords } from './normalize-name'
import { type PersonWord, type QueryWord, type ScoreRule, scoreName } from './name-score'
import { type NameField, WordVocabulary } from './word-vocabulary'

export interface IndexedPerson {
  id: string
  givenName: string
  familyName: string
  aliases?: readonly string[]
  sex?: (typeof SEXES)[number]
  /** ISO 3166-1 alpha-3 */
  nationality?: string
  birthYear?: number
  ageGroup?: (typeof AGE_GROUPS)[number]
}

export interface NameFilters {
  sex?: IndexedPerson['sex']
  nationality?: string
  /** people born within two years of it (and those whose birth year is not known) */
  birthYear?: number
  ageGroup?: IndexedPerson['ageGroup']
}

export interface SearchOptions extends NameFilters {
  /** at most this many results (20 by default) */
  limit?: number
  /** the last word may be unfinished (true by default, for search as you type) */
  prefix?: boolean
}

export interface NameMatch {
  id: string
  /** 1 for the same name; results are sorted by it, highest first */
  score: number
}

interface Stored {
  person: IndexedPerson
  words: PersonWord[]
}

// A word matches from SEARCH_WORD on in a search, from DUPLICATE_WORD on in a duplicate
// check; a search answer needs a score of SEARCH_SCORE, a possible duplicate one of
// DUPLICATE_SCORE. Tuned on the tuning part of name-variants.csv and a generated
// population (tests/shared/names): the distinct pairs of the tuning part score 0.80 at
// most, its variant pairs 0.917 at least; the lower search threshold lets a one-letter
// slip in a short name through, where the ranking and the filters still sort it out.
export const SEARCH_WORD = 0.82
export const DUPLICATE_WORD = 0.84
export const SEARCH_SCORE = 0.8
export const DUPLICATE_SCORE = 0.86
const BIRTH_YEAR_SLACK = 2

function passes(filters: NameFilters, person: IndexedPerson): boolean {
  const known = <T>(a: T | undefined, b: T | undefined) => a !== undefined && b !== undefined
  if (known(filters.sex, person.sex) && filters.sex !== person.sex) return false
  if (known(filters.nationality, person.nationality) && filters.nationality !== person.nationality) return false
  if (known(filters.ageGroup, person.ageGroup) && filters.ageGroup !== person.ageGroup) return false
  if (known(filters.birthYear, person.birthYear)) {
    return Math.abs((filters.birthYear as number) - (person.birthYear as number)) <= BIRTH_YEAR_SLACK
  }
  return true
}

export class NameIndex {
  private readonly vocabulary = new WordVocabulary()
  private readonly slots: (Stored | undefined)[] = []
  private readonly slotOf = new Map<string, number>()
  private readonly free: number[] = []
  private fieldWords: Map<string, NameWord[]> | undefined
  private seen = new Uint32Array(0)
  private stamp = 0

  constructor(people: Iterable<IndexedPerson> = []) {
    const steps = this.addInSteps(people, Infinity)
    while (!steps.next().done);
  }

  /**
   * Adds many people, `perStep` at a time: the caller may let the page draw and answer
   * taps between two steps (the case index does, after unlock), and the index must not
   * be searched nor changed before the last one. Names repeat: meanwhile each distinct
   * field text is split and folded once; the cache goes with the build, so no name
   * outlives its person in it.
   */
  *addInSteps(people: Iterable<IndexedPerson>, perStep: number): Generator<void, void, undefined> {
    this.fieldWords = new Map()
    try {
      let added = 0
      for (const person of people) {
        this.add(person)
        if (++added % perStep === 0) yield
      }
    } finally {
      this.fieldWords = undefined
    }
  }

  get size(): number {
    return this.slotOf.size
  }

  /** Adds a person, or replaces the one with the same id. */
  add(person: IndexedPerson): void {
    this.remove(person.id)
    const slot = this.free.pop() ?? this.slots.length
    const words: PersonWord[] = []
    const fields = [person.givenName, person.familyName, ...(person.aliases ?? [])]
    for (let f = 0; f < fields.length; f++) {
      const field: NameField = f === 0 ? 'given' : f === 1 ? 'family' : 'alias'
      for (const word of this.wordsOf(fields[f] as string)) {
        // an alias that repeats a word of the name adds nothing
        if (field === 'alias' && words.some((known) => known.entry.keys.word === word.text)) continue
        const use = this.vocabulary.use(word.text, field, word.optional)
        use.entry.people.push(slot)
        words.push(use)
      }
    }
    this.slots[slot] = { person, words }
    this.slotOf.set(person.id, slot)
  }

  /** Replaces a person's entry after an edit (the same as add). */
  update(person: IndexedPerson): void {
    this.add(person)
  }

  /** Forgets a person; nothing happens when the id is not in the index. */
  remove(id: string): void {
    const slot = this.slotOf.get(id)
    if (slot === undefined) return
    const stored = this.slots[slot] as Stored
    for (const word of stored.words) this.vocabulary.release(word.entry, slot)
    this.slots[slot] = undefined
    this.slotOf.delete(id)
    this.free.push(slot)
  }

  /** People whose name answers a typed name, best first. */
  search(text: string, options: SearchOptions = {}): NameMatch[] {
    const words = nameWords(text)
    const prefix = options.prefix ?? true
    const query: QueryWord[] = words.map((word, i) => ({
      optional: word.optional,
      matches: this.vocabulary.matches(word.text, {
        threshold: SEARCH_WORD,
        prefix: prefix && i === words.length - 1 && !/\s$/.test(text),
      }),
    }))
    // every typed name word must match: start from the one that matches the fewest people
    const required = query.filter((word) => !word.optional)
    const narrowest = [...(required.length > 0 ? required : query)].sort((a, b) => reach(a) - reach(b))[0]
    if (!narrowest) return []
    return this.rank(query, [narrowest], options, 'search', SEARCH_SCORE, options.limit ?? 20)
  }

  /**
   * People who may be the same as this one: a similar whole name, born within two years
   * and of the same sex when both are known. The person itself (same id) is left out.
   */
  possibleDuplicates(person: IndexedPerson, limit = 10): NameMatch[] {
    // the age group only stands in for a missing birth year: a person registered at 17
    // and again at 18 changes group, not birth year
    const filters: NameFilters = {
      sex: person.sex,
      birthYear: person.birthYear,
      ageGroup: person.birthYear === undefined ? person.ageGroup : undefined,
    }
    const best = new Map<string, number>()
    // the name as registered, then each alias as another way of writing it
    const names = [
      [...nameWords(person.givenName), ...nameWords(person.familyName)],
      ...(person.aliases ?? []).map(nameWords),
    ]
    for (const words of names) {
      const query: QueryWord[] = words.map((word) => ({
        optional: word.optional,
        matches: this.vocabulary.matches(word.text, { threshold: DUPLICATE_WORD, prefix: false }),
      }))
      // a duplicate may miss a word of the longer name: any required word can lead to it
      const leads = query.filter((word) => !word.optional)
      for (const match of this.rank(query, leads, filters, 'duplicate', DUPLICATE_SCORE, Infinity)) {
        if (match.id !== person.id && match.score > (best.get(match.id) ?? 0)) best.set(match.id, match.score)
      }
    }
    return sortMatches([...best].map(([id, score]) => ({ id, score }))).slice(0, limit)
  }

  private rank(
    query: QueryWord[],
    leads: QueryWord[],
    filters: NameFilters,
    rule: ScoreRule,
    least: number,
    limit: number,
  ): NameMatch[] {
    // a stamp per slot marks the people already scored in this call, without a Set
    if (this.seen.length < this.slots.length) this.seen = new Uint32Array(this.slots.length * 2)
    const stamp = ++this.stamp
    const found: NameMatch[] = []
    for (const lead of leads) {
      for (const entry of lead.matches.keys()) {
        for (const slot of entry.people) {
          if (this.seen[slot] === stamp) continue
          this.seen[slot] = stamp
          const stored = this.slots[slot] as Stored
          if (!passes(filters, stored.person)) continue
          const score = scoreName(query, stored.words, rule)
          if (score >= least) found.push({ id: stored.person.id, score })
        }
      }
    }
    return sortMatches(found).slice(0, limit)
  }

  private wordsOf(text: string): NameWord[] {
    if (!this.fieldWords) return nameWords(text)
    const known = this.fieldWords.get(text)
    if (known) return known
    const words = nameWords(text)
    this.fieldWords.set(text, words)
    return words
  }
}

function reach(word: QueryWord): number {
  let people = 0
  for (const entry of word.matches.keys()) people += entry.people.length
  return people
}

function sortMatches(matches: NameMatch[]): NameMatch[] {
  return matches.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
