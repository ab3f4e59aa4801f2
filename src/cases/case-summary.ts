/**
 * A case's summary: the few fields lists, search and duplicate checks need, taken from a
 * decrypted registration. Held in memory while unlocked, and stored only sealed
 * (case-snapshot.ts).
 */
import type { LocalRecord } from '@/data/records'
import { AGE_GROUPS } from '@/shared/schemas/codes'
import { ageOn } from '@/shared/schemas/registration'
import type { CaseSummary } from './case-finder'

export function summarizeCase(record: LocalRecord<'registration'>): CaseSummary {
  const data = record.data
  const summary: CaseSummary = {
    id: record.id,
    siteCode: data.siteCode,
    named: data.consentProcessing,
    sex: data.sex,
    nationality: data.nationality,
    registeredOn: data.registeredOn,
    caseStatus: data.caseStatus,
    vulnerabilities: data.vulnerabilities,
    possibleDuplicate: false,
    state: record.state,
    localUpdatedAt: record.localUpdatedAt,
  }
  if (data.caseNumber) summary.caseNumber = data.caseNumber
  if (data.mergedInto) summary.mergedInto = data.mergedInto
  if (record.errors?.length) summary.errors = record.errors
  if (!data.consentProcessing) {
    summary.ageGroup = data.ageGroup
    return summary
  }
  summary.givenName = data.givenName
  summary.familyName = data.familyName
  if (data.aliases.length > 0) summary.aliases = data.aliases
  summary.dateOfBirth = data.dateOfBirth
  if (data.document?.number) summary.documentNumber = data.document.number
  if (data.household) summary.householdGroupId = data.household.groupId
  summary.possibleDuplicate = (data.possibleDuplicateOf?.length ?? 0) > 0
  return summary
}

const GROUP_FLOORS: readonly [(typeof AGE_GROUPS)[number], number][] = [
  ['60_plus', 60],
  ['18_59', 18],
  ['12_17', 12],
  ['5_11', 5],
  ['0_4', 0],
]

/** The age group a case was in when registered: its own for an anonymous case, else from the birth date. */
export function ageGroupOf(summary: CaseSummary): CaseSummary['ageGroup'] {
  if (summary.ageGroup) return summary.ageGroup
  if (!summary.dateOfBirth) return undefined
  const age = ageOn(summary.dateOfBirth, summary.registeredOn)
  return GROUP_FLOORS.find(([, floor]) => age >= floor)?.[0]
}

/** The birth years an age group at registration stands for, inclusive. */
export function birthYearsOf(ageGroup: NonNullable<CaseSummary['ageGroup']>, registeredOn: string): [number, number] {
  const year = Number(registeredOn.slice(0, 4))
  const floor = GROUP_FLOORS.find(([group]) => group === ageGroup)?.[1] ?? 0
  // the floors go down: the group above is the one just before
  const above = GROUP_FLOORS[GROUP_FLOORS.findIndex(([group]) => group === ageGroup) - 1]
  const ceiling = above ? above[1] - 1 : 120
  return [year - ceiling - 1, year - floor]
}
