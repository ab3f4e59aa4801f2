/**
 * What the screens ask of the cases on the phone: a summary per case, search while
 * typing, filters, and possible duplicates of a person being registered. Answered from
 * an index held in memory after unlock (case-index.ts), never from IndexedDB: names,
 * vulnerabilities and nationalities are searchable only while the phone is unlocked.
 */
import { createContext, useContext } from 'react'
import type { RecordState } from '@/data/records'
import type { FieldError } from '@/shared/schemas/sync'
import type { AGE_GROUPS, CASE_STATUSES, SEXES, VULNERABILITIES } from '@/shared/schemas/codes'

/** The few fields of a case that lists, search and duplicate checks need. */
export interface CaseSummary {
  id: string
  siteCode: string
  caseNumber?: string
  /** false for a case without consent to processing: no name, birth date or document */
  named: boolean
  givenName?: string
  familyName?: string
  aliases?: readonly string[]
  sex: (typeof SEXES)[number]
  /** ISO 3166-1 alpha-3 */
  nationality: string
  dateOfBirth?: string
  ageGroup?: (typeof AGE_GROUPS)[number]
  documentNumber?: string
  householdGroupId?: string
  registeredOn: string
  caseStatus: (typeof CASE_STATUSES)[number]
  vulnerabilities: readonly (typeof VULNERABILITIES)[number][]
  /** saved although the registrar was warned it may be another case */
  possibleDuplicate: boolean
  /**
   * a supervisor merged it into this case (the survivor): it leaves lists, and its
   * numbers and names find the survivor in search and duplicate checks
   */
  mergedInto?: string
  state: RecordState
  /** why the server refused it, when `state` is 'rejected' */
  errors?: FieldError[]
  localUpdatedAt: string
}

export interface CaseFilters {
  siteCode?: string
  caseStatus?: CaseSummary['caseStatus']
  vulnerableOnly?: boolean
  nationality?: string
  sex?: CaseSummary['sex']
  /** birth year ± 2 */
  birthYear?: number
  ageGroup?: CaseSummary['ageGroup']
  /** registration dates, inclusive (YYYY-MM-DD) */
  registeredFrom?: string
  registeredTo?: string
}

/** A person being registered, to compare with the cases already here. */
export interface DuplicateQuery {
  givenName: string
  familyName: string
  aliases?: readonly string[]
  sex?: CaseSummary['sex']
  nationality?: string
  dateOfBirth?: string
  /** the case being edited, never its own duplicate */
  excludeId?: string
}

export interface CaseFinder {
  /** how many cases are indexed */
  readonly size: number
  get(id: string): CaseSummary | undefined
  /**
   * Cases matching `text` (a name in any spelling, a case number or a document number;
   * every case when empty) and the filters: vulnerable cases first, then newest
   * registration first; best name matches first when `text` is a name. A merged case's
   * number, document or name finds its survivor.
   */
  search(text: string, filters?: CaseFilters): CaseSummary[]
  /** Cases that may be the same person, most likely first. */
  possibleDuplicates(person: DuplicateQuery): CaseSummary[]
  /** The cases a supervisor merged into this one (directly or through another merge), by case number. */
  casesMergedInto(id: string): CaseSummary[]
  /** Every case a supervisor merged into another (few): lists and search leave them out. */
  mergedCases(): CaseSummary[]
  /**
   * The case a person registered as `c` is now: the last survivor on this phone when a
   * supervisor merged it (through further merges), else `c` itself.
   */
  survivorOf(c: CaseSummary): CaseSummary
  /** The cases of a household group in list order, merged ones left out (mergedCases() has them). */
  householdMembers(groupId: string): CaseSummary[]
}

export const CaseFinderContext = createContext<CaseFinder | undefined>(undefined)

/** The phone's cases; undefined while the index is being built (or outside the signed-in app). */
export function useCaseFinder(): CaseFinder | undefined {
  return useContext(CaseFinderContext)
}

/** Set when the index could not be built (the phone's storage failed): try again. */
export interface CaseIndexProblem {
  retry(): void
}

export const CaseIndexProblemContext = createContext<CaseIndexProblem | undefined>(undefined)

export function useCaseIndexProblem(): CaseIndexProblem | undefined {
  return useContext(CaseIndexProblemContext)
}
