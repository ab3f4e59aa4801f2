/**
 * Possible duplicate persons across the sites a supervisor covers: the named cases of
 * those sites go into the shared name matcher (shared/names/name-index.ts, the same one
 * the phones use before registering), each is asked for its possible duplicates, and
 * the pairs a registrar flagged on the phone (`possibleDuplicateOf`) join them. Cases
 * merged into another, anonymous ones (no name to compare) and pairs marked "not the
 * same person" are left out. Built per request and dropped: the names stay in memory.
 */
import { NameIndex, type IndexedPerson } from '../../shared/names/name-index'
import type { SessionUser } from '../../shared/schemas/auth'
import { SEXES } from '../../shared/schemas/codes'
import {
  pairKey,
  type DuplicateList,
  type DuplicatePair,
  type DuplicatePerson,
  type DuplicatesQuery,
  type RecentMerge,
} from '../../shared/schemas/duplicates'
import type { Db } from '../db/open'
import { statsSites } from '../stats/scope'
import { parseData, type RecordData } from './records'

/** How long a merge stays listed to be undone (an older one can still be undone by its case id). */
export const RECENT_MERGE_DAYS = 30
/** Candidates asked of the matcher per case. */
const PER_CASE = 10
const DAY_MS = 24 * 60 * 60 * 1000
const CHUNK = 500

interface Candidate extends DuplicatePerson {
  flaggedWith: readonly string[]
}

const isText = (value: unknown): value is string => typeof value === 'string'
const isSex = (value: unknown): value is DuplicatePerson['sex'] =>
  isText(value) && (SEXES as readonly string[]).includes(value)

/** The side of a pair a named, unmerged case makes, or undefined for any other record. */
function candidateOf(id: string, siteCode: string, data: RecordData | null): Candidate | undefined {
  if (data === null || data.consentProcessing !== true || data.mergedInto !== undefined) return undefined
  const { givenName, familyName, dateOfBirth, nationality, registeredOn, sex } = data
  if (!isText(givenName) || !isText(familyName) || !isText(dateOfBirth) || !isText(nationality)) return undefined
  if (!isText(registeredOn) || !isSex(sex)) return undefined
  const aliases = Array.isArray(data.aliases) ? data.aliases.filter(isText) : []
  const flagged = Array.isArray(data.possibleDuplicateOf) ? data.possibleDuplicateOf.filter(isText) : []
  return {
    id,
    caseNumber: isText(data.caseNumber) ? data.caseNumber : null,
    siteCode,
    givenName,
    familyName,
    aliases,
    sex,
    dateOfBirth,
    dateOfBirthEstimated: data.dateOfBirthEstimated === true,
    nationality,
    registeredOn,
    consentSharing: data.consentSharing === true,
    flaggedWith: flagged,
  }
}

function indexed(c: Candidate): IndexedPerson {
  const person: IndexedPerson = {
    id: c.id,
    givenName: c.givenName,
    familyName: c.familyName,
    sex: c.sex,
    nationality: c.nationality,
  }
  if (c.aliases.length > 0) person.aliases = c.aliases
  const year = Number(c.dateOfBirth.slice(0, 4))
  if (Number.isInteger(year)) person.birthYear = year
  return person
}

const personOf = ({ flaggedWith: _flagged, ...person }: Candidate): DuplicatePerson => person

async function candidates(db: Db, sites: readonly string[]): Promise<Map<string, Candidate>> {
  const rows = await db
    .selectFrom('records')
    .select(['id', 'site_code', 'data'])
    .where('entity', '=', 'registration')
    .where('deleted', '=', 0)
    .where('site_code', 'in', sites)
    .execute()
  const found = new Map<string, Candidate>()
  for (const row of rows) {
    let data: RecordData | null
    try {
      data = parseData(row.data)
    } catch {
      continue // a record that no longer reads is the heal's (store/heal-records.ts), not a duplicate
    }
    const candidate = candidateOf(row.id, row.site_code, data)
    if (candidate) found.set(row.id, candidate)
  }
  return found
}

async function distinctKeys(db: Db, ids: readonly string[]): Promise<Set<string>> {
  const keys = new Set<string>()
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('distinct_pairs')
      .select(['a_id', 'b_id'])
      .where('a_id', 'in', ids.slice(i, i + CHUNK))
      .execute()
    for (const row of rows) keys.add(`${row.a_id}|${row.b_id}`)
  }
  return keys
}

/** The merges of the last RECENT_MERGE_DAYS at these sites that were not undone, newest first. */
async function recentMerges(db: Db, sites: readonly string[], now: Date): Promise<RecentMerge[]> {
  const since = new Date(now.getTime() - RECENT_MERGE_DAYS * DAY_MS).toISOString()
  const rows = await db
    .selectFrom('merges')
    .innerJoin('users', 'users.id', 'merges.merged_by')
    .leftJoin('case_numbers as keep_number', 'keep_number.record_id', 'merges.keep_id')
    .leftJoin('case_numbers as merge_number', 'merge_number.record_id', 'merges.merge_id')
    .select([
      'merges.keep_id',
      'merges.merge_id',
      'merges.site_code',
      'merges.merged_at',
      'users.id as user_id',
      'users.name as user_name',
      'keep_number.case_number as keep_number',
      'merge_number.case_number as merge_number',
    ])
    .where('merges.undone_at', 'is', null)
    .where('merges.merged_at', '>=', since)
    .where('merges.site_code', 'in', sites)
    .orderBy('merges.merged_at', 'desc')
    .orderBy('merges.id', 'desc')
    .limit(200)
    .execute()
  return rows.map((row) => ({
    keepId: row.keep_id,
    mergeId: row.merge_id,
    siteCode: row.site_code,
    keepCaseNumber: row.keep_number ?? null,
    mergeCaseNumber: row.merge_number ?? null,
    mergedAt: row.merged_at,
    mergedBy: { id: row.user_id, name: row.user_name },
  }))
}

/** Flagged pairs first (a registrar saw both people), then by score, best first. */
function comparePairs(a: DuplicatePair, b: DuplicatePair): number {
  return (
    Number(b.flagged) - Number(a.flagged) ||
    (b.score ?? 0) - (a.score ?? 0) ||
    (a.a.id < b.a.id ? -1 : a.a.id > b.a.id ? 1 : a.b.id < b.b.id ? -1 : a.b.id > b.b.id ? 1 : 0)
  )
}

export async function findDuplicates(
  db: Db,
  viewer: SessionUser,
  query: DuplicatesQuery,
  now = new Date(),
): Promise<DuplicateList> {
  const sites = await statsSites(db, viewer, query.sites)
  if (sites.length === 0) return { pairs: [], merges: [] }
  const people = await candidates(db, sites)
  const index = new NameIndex([...people.values()].map(indexed))

  const found = new Map<string, { a: string; b: string; score: number | null; flagged: boolean }>()
  const note = (x: string, y: string, score: number | null, flagged: boolean) => {
    const [a, b] = pairKey(x, y)
    const key = `${a}|${b}`
    const known = found.get(key)
    const best = Math.max(known?.score ?? -1, score ?? -1)
    found.set(key, { a, b, score: best < 0 ? null : best, flagged: flagged || (known?.flagged ?? false) })
  }
  for (const person of people.values()) {
    for (const match of index.possibleDuplicates(indexed(person), PER_CASE))
      note(person.id, match.id, match.score, false)
    for (const other of person.flaggedWith)
      if (other !== person.id && people.has(other)) note(person.id, other, null, true)
  }

  const distinct = await distinctKeys(db, [...new Set([...found.values()].map((pair) => pair.a))])
  const pairs: DuplicatePair[] = []
  for (const [key, pair] of found) {
    if (distinct.has(key)) continue
    const a = people.get(pair.a) as Candidate
    const b = people.get(pair.b) as Candidate
    // a score rounded for display: the ranking is the matcher's
    const score = pair.score === null ? null : Math.round(pair.score * 1000) / 1000
    pairs.push({ a: personOf(a), b: personOf(b), score, flagged: pair.flagged, sameSite: a.siteCode === b.siteCode })
  }
  pairs.sort(comparePairs)
  return { pairs: pairs.slice(0, query.limit), merges: await recentMerges(db, sites, now) }
}
