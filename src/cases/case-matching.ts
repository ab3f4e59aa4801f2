/**
 * What the case index finds a case by, beyond its place in the list: whether it passes
 * the filters, the keys case and document numbers are compared by, and the search parts
 * (a NameIndex over the names, exact look-ups of case and document numbers). The parts
 * are built once, a step at a time (buildSearchParts), then kept up to date case by case
 * (remember, forget, personOf); case-index.ts decides when.
 */
import { type IndexedPerson, NameIndex } from '@/shared/names/name-index'
import type { CaseFilters, CaseSummary } from './case-finder'
import { isVulnerable } from './case-order'
import { ageGroupOf, birthYearsOf } from './case-summary'

const BIRTH_YEAR_SLACK = 2
/** Cases a step of the search's build goes through (a few milliseconds on a slow phone). */
const BUILD_STEP = 250

/** A case number compared in capitals without its dashes and spaces (agz 7k 0042 = AGZ-7K-0042). */
export const numberKey = (text: string) => text.toUpperCase().replace(/[\s-]+/g, '')
/** A document number compared without its separators (P-123 456 = P123456). */
export const documentKey = (text: string) => numberKey(text).replace(/[./]/g, '')
/** Text that can be part of a case number: letters, digits, dashes and spaces, with a digit or a dash (so "Nia" stays a name). */
export const looksLikeCaseNumber = (text: string) => /^[\p{L}\d\s-]+$/u.test(text) && /[-\d]/.test(text)

/**
 * What a case number is found by: its numberKey from each of its parts on (AGZ-7K-0042 →
 * AGZ7K0042, 7K0042, 0042). Made once per summary, and kept as long as the summary is (a
 * change makes a new one): a typed number is compared with every case, and splitting and
 * joining each case's number at every keystroke made most of a search's time.
 */
const numberKeys = new WeakMap<CaseSummary, readonly string[]>()

function keysOfNumber(c: CaseSummary): readonly string[] {
  let keys = numberKeys.get(c)
  if (!keys) {
    const parts = (c.caseNumber ?? '').split('-')
    keys = c.caseNumber ? parts.map((_, i) => numberKey(parts.slice(i).join(''))) : []
    numberKeys.set(c, keys)
  }
  return keys
}

/**
 * Whether `typed` (a numberKey) begins the case's number or one of its later parts, as
 * a registrar copies it from a card: AGZ-7K-0042 is found by AGZ-7K, 7K-0042 and 0042.
 */
export function caseNumberFits(c: CaseSummary, typed: string): boolean {
  for (const key of keysOfNumber(c)) if (key.startsWith(typed)) return true
  return false
}

function birthYearOf(c: CaseSummary): number | undefined {
  return c.dateOfBirth ? Number(c.dateOfBirth.slice(0, 4)) : undefined
}

export function personOf(c: CaseSummary): IndexedPerson | undefined {
  if (!c.named || !c.givenName || !c.familyName) return undefined
  const person: IndexedPerson = { id: c.id, givenName: c.givenName, familyName: c.familyName, sex: c.sex }
  if (c.aliases?.length) person.aliases = c.aliases
  if (c.nationality) person.nationality = c.nationality
  const birthYear = birthYearOf(c)
  if (birthYear !== undefined) person.birthYear = birthYear
  return person
}

/** Whether a case passes the filters (every one given must hold). */
export function passesFilters(c: CaseSummary, f: CaseFilters): boolean {
  if (f.siteCode !== undefined && c.siteCode !== f.siteCode) return false
  if (f.caseStatus !== undefined && c.caseStatus !== f.caseStatus) return false
  if (f.vulnerableOnly && !isVulnerable(c)) return false
  if (f.nationality !== undefined && c.nationality !== f.nationality) return false
  if (f.sex !== undefined && c.sex !== f.sex) return false
  if (f.registeredFrom !== undefined && c.registeredOn < f.registeredFrom) return false
  if (f.registeredTo !== undefined && c.registeredOn > f.registeredTo) return false
  if (f.ageGroup !== undefined && ageGroupOf(c) !== f.ageGroup) return false
  if (f.birthYear !== undefined) {
    const year = birthYearOf(c)
    if (year !== undefined) return Math.abs(year - f.birthYear) <= BIRTH_YEAR_SLACK
    // an anonymous case has an age group: born in one of its years, give or take two
    if (c.ageGroup) {
      const [first, last] = birthYearsOf(c.ageGroup, c.registeredOn)
      return f.birthYear + BIRTH_YEAR_SLACK >= first && f.birthYear - BIRTH_YEAR_SLACK <= last
    }
  }
  return true
}

/** What search needs beyond the list: built once, on demand (see the header). */
export interface SearchParts {
  names: NameIndex
  byCaseNumber: Map<string, string>
  byDocument: Map<string, Set<string>>
}

/**
 * Builds the search parts over the listed cases then the merged ones, yielding every
 * BUILD_STEP cases so that the caller can stop and resume.
 */
export function* buildSearchParts(
  ordered: readonly CaseSummary[],
  merged: ReadonlyMap<string, CaseSummary>,
): Generator<void, SearchParts, undefined> {
  const numbers: Omit<SearchParts, 'names'> = { byCaseNumber: new Map(), byDocument: new Map() }
  const people: IndexedPerson[] = []
  // the cases do not change under the build: a change finishes it first (settle)
  const searched = [...ordered, ...merged.values()]
  for (let i = 0; i < searched.length; i++) {
    const c = searched[i] as CaseSummary
    remember(numbers, c)
    keysOfNumber(c) // made now, in a step, not at the first number typed
    const person = personOf(c)
    if (person) people.push(person)
    if ((i + 1) % BUILD_STEP === 0) yield
  }
  // in one index: it folds each distinct name once
  const names = new NameIndex()
  yield* names.addInSteps(people, BUILD_STEP)
  return { ...numbers, names }
}

/** Adds a case's numbers to the look-ups. */
export function remember(parts: Omit<SearchParts, 'names'>, c: CaseSummary): void {
  if (c.caseNumber) parts.byCaseNumber.set(numberKey(c.caseNumber), c.id)
  if (c.documentNumber) {
    const key = documentKey(c.documentNumber)
    parts.byDocument.set(key, (parts.byDocument.get(key) ?? new Set()).add(c.id))
  }
}

/** Takes a case's numbers out of the look-ups (a number another case now holds stays). */
export function forget(parts: SearchParts, c: CaseSummary): void {
  if (c.caseNumber && parts.byCaseNumber.get(numberKey(c.caseNumber)) === c.id) {
    parts.byCaseNumber.delete(numberKey(c.caseNumber))
  }
  if (c.documentNumber) {
    const key = documentKey(c.documentNumber)
    const ids = parts.byDocument.get(key)
    ids?.delete(c.id)
    if (ids?.size === 0) parts.byDocument.delete(key)
  }
}
