/**
 * What work kept at a lost site is about (lost-site-work.ts), so that the supervisor who
 * accepts or discards it knows which case, tally or survey it is: read from the kept
 * content itself, opened here only for a viewer who covers the work's site (for work on a
 * case that moved, the case's site now: moved-case-work.ts) and only to
 * name it (problem-subjects.ts). A content that passes its entity's schema is read as
 * any readable version (a case by its number, and by its name with consent to
 * processing); one that does not gives way to the server's own version of the record
 * when it holds one, else is read for ids, times and codes only, never a name. Nothing
 * opened here is logged or kept.
 */
import type { SessionUser } from '../../shared/schemas/auth'
import type { Entity } from '../../shared/schemas/entities'
import { parseRecordData } from '../../shared/schemas/parse-record'
import { mayUseSite } from '../../shared/roles'
import { openWork } from './kept-work-seal'
import type { SubjectSource } from './problem-subjects'
import type { RecordData } from './records'
import type { ServerKeyring } from './server-keys'

/** A listed refusal, with its kept content when it has some. */
export interface KeptRow {
  /** The refusal's id. */
  id: string
  mutationId: string
  recordId: string
  entity: Entity
  siteCode: string | null
  /** Where the work is now, when not at `siteCode`: work on a case that moved is at the case's site (null: none). */
  workSite?: string | null
  kid: string | null
  sealed: string | null
}

const isObject = (value: unknown): value is RecordData =>
  value !== null && typeof value === 'object' && !Array.isArray(value)

/** The source each refusal's kept content gives, by refusal id: only for kept work at a site the viewer covers. */
export async function keptWorkSources(
  keys: ServerKeyring,
  viewer: SessionUser,
  rows: readonly KeptRow[],
): Promise<Map<string, SubjectSource>> {
  const sources = new Map<string, SubjectSource>()
  await Promise.all(
    rows.map(async (row) => {
      const { kid, sealed, siteCode } = row
      const workSite = row.workSite === undefined ? siteCode : row.workSite
      if (kid === null || sealed === null || siteCode === null || workSite === null || !mayUseSite(viewer, workSite))
        return
      const mutation = await openWork(keys, { kid, sealed, mutationId: row.mutationId })
      if (mutation?.op !== 'upsert' || mutation.entity !== row.entity || mutation.recordId !== row.recordId) return
      if (!isObject(mutation.data)) return
      const parsed = parseRecordData(row.entity, mutation.data)
      const readable = parsed.success && parsed.data.id === row.recordId && parsed.data.siteCode === siteCode
      sources.set(row.id, {
        entity: row.entity,
        recordId: row.recordId,
        siteCode: workSite,
        data: readable ? (parsed.data as RecordData) : mutation.data,
        readable,
        kept: true,
      })
    }),
  )
  return sources
}
