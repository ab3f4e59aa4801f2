/**
 * What each record listed in Problems (conflicts, refusals, quarantine) is about, in the
 * words a supervisor recognises: the case a record is or belongs to, by its number and
 * name, and a tally, survey or checkpoint status by when it was made and which way.
 *
 * A case is named only from a version the server accepted and can still read, or from work
 * kept for a supervisor that passes its schema (lost-site-work-subjects.ts), never from
 * refused or unreadable content, and only to a viewer covering its site: the names a
 * supervisor already sees in possible duplicates. Nothing here is logged.
 */
import { z } from 'zod'
import type { SessionUser } from '../../shared/schemas/auth'
import { daySchema, timestampSchema, uuidSchema } from '../../shared/schemas/common'
import type { Entity } from '../../shared/schemas/entities'
import type { ProblemCase, ProblemSubject } from '../../shared/schemas/problem-subject'
import { caseNumberSchema } from '../../shared/schemas/registration'
import { mayUseSite } from '../../shared/roles'
import type { Db } from '../db/open'
import { getRecords, type RecordData } from './records'

export interface SubjectSource {
  entity: Entity
  recordId: string
  /** The site of the version `data` comes from. */
  siteCode: string | null
  data: RecordData | null
  /** false for a version that no longer passes the rules: only ids, times and codes are read from it, never a name. */
  readable: boolean
  /**
   * Work kept for a supervisor (lost-site-work.ts), not a version the server holds: a
   * readable kept registration also names the kept records of its case, when the server
   * holds no case of that id the viewer covers.
   */
  kept?: boolean
}

/** Records that belong to a case, through their `registrationId`. */
const CASE_PARTS: readonly Entity[] = ['assistance', 'referral', 'caseEvent']
/** When each entity of the flow side was made. */
const MADE_AT: Partial<Record<Entity, string>> = { flowCount: 'observedAt', survey: 'interviewedOn', fmpStatus: 'from' }
/** Which way it was, as a code. */
const KIND: Partial<Record<Entity, string>> = { flowCount: 'direction', fmpStatus: 'kind' }

/** A value is told only in its shape: the shared schemas' (ids, case numbers, days and times), a code's letters. */
const CODE = z.string().regex(/^[a-z_]{1,40}$/)
const TIME = z.union([daySchema, timestampSchema])

const shaped = (value: unknown, shape: z.ZodType<string, unknown>): string | null => {
  const read = shape.safeParse(value)
  return read.success ? read.data : null
}

/** The case a readable registration is: its number, and its names when it has them. */
function caseOf(id: string, data: RecordData): ProblemCase {
  const { givenName, familyName } = data
  const named = data.consentProcessing === true && typeof givenName === 'string' && typeof familyName === 'string'
  return {
    id,
    caseNumber: shaped(data.caseNumber, caseNumberSchema),
    name: named ? `${givenName} ${familyName}`.trim() || null : null,
  }
}

/** One subject per source, in order. */
export async function problemSubjects(
  db: Db,
  viewer: SessionUser,
  sources: readonly SubjectSource[],
): Promise<ProblemSubject[]> {
  const covered = (site: string | null) => site !== null && mayUseSite(viewer, site)
  const seen = sources.map((source) => (covered(source.siteCode) ? source.data : null))
  const caseIds = new Set<string>()
  sources.forEach((source, i) => {
    const id = CASE_PARTS.includes(source.entity) ? shaped(seen[i]?.registrationId, uuidSchema) : null
    if (id !== null) caseIds.add(id)
  })
  const cases = new Map<string, ProblemCase>()
  for (const record of await getRecords(db, [...caseIds])) {
    if (record.entity === 'registration' && !record.deleted && record.data && covered(record.siteCode))
      cases.set(record.id, caseOf(record.id, record.data))
  }
  const own = (source: SubjectSource, data: RecordData | null) =>
    source.entity === 'registration' && source.readable && data ? caseOf(source.recordId, data) : null
  const keptCases = new Map<string, ProblemCase>()
  sources.forEach((source, i) => {
    const kase = source.kept ? own(source, seen[i] ?? null) : null
    if (kase !== null) keptCases.set(kase.id, kase)
  })
  return sources.map((source, i): ProblemSubject => {
    const data = seen[i]
    if (!data) return { case: null, at: null, kind: null }
    const parent = shaped(data.registrationId, uuidSchema)
    const at = MADE_AT[source.entity]
    const kind = KIND[source.entity]
    const part = CASE_PARTS.includes(source.entity) && parent !== null
    return {
      case: own(source, data) ?? (part ? (cases.get(parent) ?? keptCases.get(parent) ?? null) : null),
      at: at === undefined ? null : shaped(data[at], TIME),
      kind: kind === undefined ? null : shaped(data[kind], CODE),
    }
  })
}

/** How many cases a list names: its read is audited with that count, never the names. */
export const namedCases = (subjects: readonly ProblemSubject[]): number =>
  subjects.filter((subject) => subject.case !== null).length
