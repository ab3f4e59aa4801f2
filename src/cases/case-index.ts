/**
 * The phone's cases in memory, after unlock: summaries by id, kept in list order
 * (vulnerable first, then newest registration), a NameIndex over the names, and exact
 * look-ups of case and document numbers. Changes apply one case at a time (put, remove),
 * or a page at a time (apply: a new phone's pull brings hundreds at once).
 * A case merged into another (its survivor) leaves the list, but its case number,
 * document number and names still find the survivor: a person may present either card.
 * The list is ready as soon as the summaries are; the name index and the number look-ups
 * are built by the first search that needs them, or earlier by prepareSearch() (the store
 * calls it a step at a time once the list is drawn, so that taps and scrolls are answered
 * meanwhile), so that unlock waits only for the list.
 * The list order is case-order.ts's; the filters and the search parts are case-matching.ts's.
 * Nothing here is stored: case-snapshot.ts seals the summaries.
 */
import type { IndexedPerson } from '@/shared/names/name-index'
import type { CaseFilters, CaseFinder, CaseSummary, DuplicateQuery } from './case-finder'
import {
  buildSearchParts,
  caseNumberFits,
  documentKey,
  forget,
  looksLikeCaseNumber,
  numberKey,
  passesFilters,
  personOf,
  remember,
  type SearchParts,
} from './case-matching'
import { compareCases, compareText, insertionPointIn, mergeOrdered } from './case-order'

/** From this many changes at once, apply() merges them into the list rather than inserting each. */
const BATCH_MERGE_FROM = 32
/** Merges followed from a merged case to its survivor (a survivor merged in turn): a bound, in case of a loop. */
const MAX_MERGE_HOPS = 8
/** The id a person being registered (not saved yet) stands under in a duplicate check. */
const UNSAVED = '\u0000unsaved'

/** A case merged into another is kept (to point to the survivor) but leaves lists; search and duplicate checks answer its survivor. */
const isListed = (c: CaseSummary) => c.mergedInto === undefined

export class CaseIndex implements CaseFinder {
  private readonly cases = new Map<string, CaseSummary>()
  private parts: SearchParts | undefined
  /** the search parts being built, a step at a time, until they are done */
  private building: Generator<void, SearchParts, undefined> | undefined
  /** every listed case in list order */
  private ordered: CaseSummary[]
  /** the cases merged into another, by id: few, so a search may go through them all */
  private readonly merged = new Map<string, CaseSummary>()

  /** `summaries` in list order (as a snapshot keeps them) make the sort a single pass. */
  constructor(summaries: Iterable<CaseSummary> = []) {
    for (const c of summaries) this.cases.set(c.id, c)
    const listed: CaseSummary[] = []
    for (const c of this.cases.values()) {
      if (isListed(c)) listed.push(c)
      else this.merged.set(c.id, c)
    }
    this.ordered = listed.sort(compareCases)
  }

  /**
   * Builds the name index and the number look-ups now rather than at the first search, a
   * step at a time for as long as `goOn()` says so (to the end by default); answers
   * whether they are ready. A search or a change meanwhile finishes the build first.
   */
  prepareSearch(goOn: () => boolean = () => true): boolean {
    if (this.parts) return true
    this.building ??= buildSearchParts(this.ordered, this.merged)
    for (;;) {
      const step = this.building.next()
      if (step.done) {
        this.parts = step.value
        this.building = undefined
        return true
      }
      if (!goOn()) return false
    }
  }

  private searchParts(): SearchParts {
    this.prepareSearch()
    return this.parts as SearchParts
  }

  /** A build under way is finished before the cases change (it reads them as they are). */
  private settle(): void {
    if (this.building) this.prepareSearch()
  }

  /** How many cases the lists show (merged ones left out). */
  get size(): number {
    return this.ordered.length
  }

  get(id: string): CaseSummary | undefined {
    return this.cases.get(id)
  }

  /** Every case, in list order (do not change the array). */
  all(): readonly CaseSummary[] {
    return this.ordered
  }

  /** Every case held, merged ones included (after the others), in list order: what a snapshot keeps. */
  everything(): CaseSummary[] {
    return [...this.ordered, ...this.merged.values()]
  }

  /**
   * The case a person registered as `c` is now: its survivor when a supervisor merged it
   * (through further merges), else `c`. A merged case whose survivor is not on this
   * phone stands for itself: its page says where it went.
   */
  survivorOf(c: CaseSummary): CaseSummary {
    let found = c
    for (let hops = 0; found.mergedInto !== undefined && hops < MAX_MERGE_HOPS; hops++) {
      const next = this.cases.get(found.mergedInto)
      if (!next) break
      found = next
    }
    return found
  }

  /** The cases merged into this one (directly or through another merge), by case number. */
  casesMergedInto(id: string): CaseSummary[] {
    const found: CaseSummary[] = []
    for (const c of this.merged.values()) if (c.id !== id && this.survivorOf(c).id === id) found.push(c)
    return found.sort((a, b) => compareText(a.caseNumber ?? '', b.caseNumber ?? '') || compareText(a.id, b.id))
  }

  /** Every case merged into another, in no order. */
  mergedCases(): CaseSummary[] {
    return [...this.merged.values()]
  }

  /**
   * The listed cases of a household group, in list order: one pass over the list with no
   * copy of it, 0.2 ms for 20,000 cases in Node (an index kept by group took 10 to 30 ms
   * more to build at unlock).
   */
  householdMembers(groupId: string): CaseSummary[] {
    return this.ordered.filter((c) => c.householdGroupId === groupId)
  }

  /** Adds a case, or replaces the one with the same id. */
  put(summary: CaseSummary): void {
    this.settle()
    this.remove(summary.id)
    this.cases.set(summary.id, summary)
    // a merged case's numbers and names stay searchable: they find its survivor
    if (this.parts) {
      remember(this.parts, summary)
      const person = personOf(summary)
      if (person) this.parts.names.add(person)
    }
    if (isListed(summary)) this.ordered.splice(insertionPointIn(this.ordered, summary), 0, summary)
    else this.merged.set(summary.id, summary)
  }

  /**
   * Puts (a summary) or removes (undefined) many cases at once. Each put or remove moves
   * the cases after it in the list; a page of hundreds is merged into the list in one
   * pass instead.
   */
  apply(changes: Iterable<readonly [id: string, summary: CaseSummary | undefined]>): void {
    const batch = [...changes]
    this.settle()
    if (batch.length < BATCH_MERGE_FROM) {
      for (const [id, summary] of batch) {
        if (summary) this.put(summary)
        else this.remove(id)
      }
      return
    }
    const leaving = new Set<CaseSummary>()
    const arriving = new Map<string, CaseSummary>()
    const arrivingMerged = new Map<string, CaseSummary>()
    for (const [id, summary] of batch) {
      const known = this.cases.get(id)
      if (known) {
        if (this.parts) {
          forget(this.parts, known)
          this.parts.names.remove(id)
        }
        leaving.add(known)
        this.cases.delete(id)
        this.merged.delete(id)
      }
      // the same case twice in a batch: the last one counts
      arriving.delete(id)
      arrivingMerged.delete(id)
      if (!summary) continue
      this.cases.set(id, summary)
      if (isListed(summary)) arriving.set(id, summary)
      else arrivingMerged.set(id, summary)
    }
    const added = [...arriving.values()].sort(compareCases)
    for (const c of arrivingMerged.values()) this.merged.set(c.id, c)
    if (this.parts) {
      for (const c of [...added, ...arrivingMerged.values()]) {
        remember(this.parts, c)
        const person = personOf(c)
        if (person) this.parts.names.add(person)
      }
    }
    this.ordered = mergeOrdered(leaving.size > 0 ? this.ordered.filter((c) => !leaving.has(c)) : this.ordered, added)
  }

  /** Forgets a case; nothing happens when it is not here. */
  remove(id: string): void {
    this.settle()
    const known = this.cases.get(id)
    if (!known) return
    if (this.parts) {
      forget(this.parts, known)
      this.parts.names.remove(id)
    }
    this.cases.delete(id)
    if (this.merged.delete(id)) return
    const at = this.findOrdered(known)
    if (at >= 0) this.ordered.splice(at, 1)
  }

  search(text: string, filters: CaseFilters = {}): CaseSummary[] {
    const query = text.trim()
    if (!query) return this.ordered.filter((c) => passesFilters(c, filters))
    const { names, byCaseNumber, byDocument } = this.searchParts()
    const found = new Set<string>()
    const results: CaseSummary[] = []
    // a merged case is found as its survivor, in the survivor's place
    const take = (held: CaseSummary | undefined) => {
      const c = held && this.survivorOf(held)
      if (!c || found.has(c.id) || !passesFilters(c, filters)) return
      found.add(c.id)
      results.push(c)
    }
    // exact numbers first: a case number, then a document number
    const typedNumber = numberKey(query)
    take(this.cases.get(byCaseNumber.get(typedNumber) ?? ''))
    const holders = [...(byDocument.get(documentKey(query)) ?? [])].map((id) => this.cases.get(id) as CaseSummary)
    holders
      .map((c) => this.survivorOf(c))
      .sort(compareCases)
      .forEach(take)
    if (looksLikeCaseNumber(query) && typedNumber.length > 0) {
      // the merged cases first (they are few): their survivors join the list in its order
      const viaMerged = new Map<string, CaseSummary>()
      for (const m of this.merged.values()) {
        if (!caseNumberFits(m, typedNumber)) continue
        const survivor = this.survivorOf(m)
        viaMerged.set(survivor.id, survivor)
      }
      for (const c of this.ordered) {
        if (caseNumberFits(c, typedNumber) || viaMerged.has(c.id)) take(c)
      }
      viaMerged.forEach(take) // survivors not on this phone: the merged case itself
    }
    // then names, in any spelling: best match first (a name has no digits)
    if (/\p{L}/u.test(query) && !/\d/.test(query)) {
      const nameFilters = { sex: filters.sex, nationality: filters.nationality, birthYear: filters.birthYear }
      const matches = names.search(query, { ...nameFilters, limit: Infinity })
      const scored = matches.map((m) => ({ score: m.score, c: this.survivorOf(this.cases.get(m.id) as CaseSummary) }))
      scored.sort((a, b) => b.score - a.score || compareCases(a.c, b.c))
      for (const { c } of scored) take(c)
    }
    return results
  }

  possibleDuplicates(person: DuplicateQuery): CaseSummary[] {
    if (!person.givenName.trim() && !person.familyName.trim()) return []
    const query: IndexedPerson = {
      id: person.excludeId ?? UNSAVED,
      givenName: person.givenName,
      familyName: person.familyName,
    }
    if (person.aliases?.length) query.aliases = person.aliases
    if (person.sex) query.sex = person.sex
    if (person.nationality) query.nationality = person.nationality
    if (person.dateOfBirth) query.birthYear = Number(person.dateOfBirth.slice(0, 4))
    // a merged case's names stand for its survivor (never for the case being edited)
    const found = new Map<string, CaseSummary>()
    for (const m of this.searchParts().names.possibleDuplicates(query)) {
      const held = this.cases.get(m.id)
      const c = held && this.survivorOf(held)
      if (c && c.id !== query.id && !found.has(c.id)) found.set(c.id, c)
    }
    return [...found.values()]
  }

  private findOrdered(c: CaseSummary): number {
    const at = insertionPointIn(this.ordered, c)
    return this.ordered[at] === c ? at : this.ordered.indexOf(c)
  }
}
