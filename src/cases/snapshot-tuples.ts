/**
 * How the case snapshot (case-snapshot.ts) writes a summary and splits the cases into
 * parts: a summary is a tuple without field names (a third of the JSON), and a case
 * belongs to one part by a hash of its id, so that a change re-seals only its part.
 */
import type { CaseSummary } from './case-finder'

/**
 * at most this many cases per part on average (some 40 KB of JSON): what a change re-seals.
 * A value over 64 KB goes to a blob of its own in Chromium's IndexedDB, which is read
 * back apart from the row: 32 parts of 115 KB took a throttled phone 0.6 s longer to read
 * at unlock than 128 parts of 30 KB.
 */
const PART_SIZE = 200
const MAX_PARTS = 1024

/** One summary without field names (a third of the JSON), in this order; the state is not kept. */
export type Tuple = [
  id: string,
  siteCode: string,
  caseNumber: string | null,
  named: 0 | 1,
  givenName: string | null,
  familyName: string | null,
  aliases: readonly string[] | null,
  sex: CaseSummary['sex'],
  nationality: string,
  dateOfBirth: string | null,
  ageGroup: CaseSummary['ageGroup'] | null,
  documentNumber: string | null,
  householdGroupId: string | null,
  registeredOn: string,
  caseStatus: CaseSummary['caseStatus'],
  vulnerabilities: CaseSummary['vulnerabilities'],
  possibleDuplicate: 0 | 1,
  localUpdatedAt: string,
  /** only when merged into another case (added after format 1's first tuples, which lack it) */
  mergedInto?: string,
]

/** How many parts a snapshot of `count` cases is sealed in: a power of two. */
export function partCount(count: number): number {
  let parts = 1
  while (parts < MAX_PARTS && parts * PART_SIZE < count) parts *= 2
  return parts
}

/** The part a case belongs to in a snapshot of `parts` parts (FNV-1a of its id). */
export function partOf(id: string, parts: number): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193)
  return (hash >>> 0) & (parts - 1)
}

export function toTuple(c: CaseSummary): Tuple {
  const tuple: Tuple = [
    c.id,
    c.siteCode,
    c.caseNumber ?? null,
    c.named ? 1 : 0,
    c.givenName ?? null,
    c.familyName ?? null,
    c.aliases ?? null,
    c.sex,
    c.nationality,
    c.dateOfBirth ?? null,
    c.ageGroup ?? null,
    c.documentNumber ?? null,
    c.householdGroupId ?? null,
    c.registeredOn,
    c.caseStatus,
    c.vulnerabilities,
    c.possibleDuplicate ? 1 : 0,
    c.localUpdatedAt,
  ]
  if (c.mergedInto !== undefined) tuple[18] = c.mergedInto
  return tuple
}

export function fromTuple(t: Tuple, state: CaseSummary['state']): CaseSummary {
  const c: CaseSummary = {
    id: t[0],
    siteCode: t[1],
    named: t[3] === 1,
    sex: t[7],
    nationality: t[8],
    registeredOn: t[13],
    caseStatus: t[14],
    vulnerabilities: t[15],
    possibleDuplicate: t[16] === 1,
    state,
    localUpdatedAt: t[17],
  }
  if (t[2] !== null) c.caseNumber = t[2]
  if (t[4] !== null) c.givenName = t[4]
  if (t[5] !== null) c.familyName = t[5]
  if (t[6] !== null) c.aliases = t[6]
  if (t[9] !== null) c.dateOfBirth = t[9]
  if (t[10] !== null) c.ageGroup = t[10]
  if (t[11] !== null) c.documentNumber = t[11]
  if (t[12] !== null) c.householdGroupId = t[12]
  if (typeof t[18] === 'string') c.mergedInto = t[18]
  return c
}
