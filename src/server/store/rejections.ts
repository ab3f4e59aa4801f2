/**
 * Refused records for supervisors: each mutation a push answered `rejected` is kept
 * with its ids, site, device, author and errors (never its data, which the server does
 * not store), in the push's own transaction. It stays open until the same device and
 * user get the record accepted (a fixed version applied, merged or kept as a conflict)
 * or the author discards the change on the phone. A supervisor sees those at their
 * sites and those of their sites' users (a record refused because its site is no
 * longer theirs names that other site); an admin sees all. One exception keeps data:
 * work sent to a site its author had lost is kept sealed for a supervisor of that site
 * to accept or discard (lost-site-work.ts), and named to them from that content; it is
 * deleted whenever its refusal closes.
 */
import { randomUUID } from 'node:crypto'
import type { ExpressionBuilder } from 'kysely'
import type { SessionUser } from '../../shared/schemas/auth'
import type { Entity } from '../../shared/schemas/entities'
import type { DiscardRejectionAnswer, RejectedRecord } from '../../shared/schemas/rejections'
import type { FieldError, Mutation } from '../../shared/schemas/sync'
import { canRead, mayUseSite } from '../../shared/roles'
import type { Db } from '../db/open'
import type { Database } from '../db/schema'
import { notFound } from '../http/api-error'
import { otherSpellings } from '../http/id-spelling'
import type { Trx } from './change-transaction'
import { dropLostSiteWork, keepLostSiteWork } from './lost-site-work'
import { keptWorkSources } from './lost-site-work-subjects'
import { caseSites, keepMovedCaseWork, keptForCaseSite, movedCaseRefusals } from './moved-case-work'
import { problemSubjects, type SubjectSource } from './problem-subjects'
import { getRecord, getRecords, type RecordData, type StoredRecord } from './records'
import type { ServerKeyring } from './server-keys'

export interface Refusal {
  mutation: Mutation
  errors: readonly FieldError[]
  /** The data as the shared parse produced it, when it parsed. */
  parsed: RecordData | null
  /** The server's version of the record, if it holds one. */
  stored: StoredRecord | undefined
  at: string
}

/** The site a refused record names: its parsed data's, a plain site code sent, or the server's version's. */
export function refusedSite({ parsed, mutation, stored }: Pick<Refusal, 'parsed' | 'mutation' | 'stored'>) {
  if (typeof parsed?.siteCode === 'string') return parsed.siteCode
  const sent = (mutation.data as { siteCode?: unknown } | undefined)?.siteCode
  // unparsed data is hostile: only something shaped like a site code is kept
  if (typeof sent === 'string' && /^[A-Z0-9-]{2,20}$/.test(sent)) return sent
  return stored?.siteCode ?? null
}

/**
 * Keeps the batch's refusals and closes the open ones of records it got accepted; inside
 * the push's transaction. Answers the mutation ids of those kept for a supervisor of their
 * case's site (moved-case-work.ts): their answer says so too.
 */
export async function keepRefusals(
  trx: Trx,
  by: { user: SessionUser; deviceId: string },
  refusals: readonly Refusal[],
  accepted: readonly string[],
): Promise<Set<string>> {
  const userId = by.user.id
  if (accepted.length > 0) {
    const at = new Date().toISOString()
    const closed = await trx
      .updateTable('rejections')
      .set({ closed_at: at, closed_how: 'accepted' })
      .where('record_id', 'in', [...new Set(accepted)])
      .where('user_id', '=', userId)
      .where('device_id', '=', by.deviceId)
      .where('closed_at', 'is', null)
      .returning('id')
      .execute()
    // what was kept of them for a supervisor goes: nothing can accept it any more
    await dropLostSiteWork(
      trx,
      closed.map((row) => row.id),
    )
  }
  if (refusals.length === 0) return new Set()
  const kept = refusals.map((refusal) => ({ rejectionId: randomUUID(), refusal, site: refusedSite(refusal) }))
  // work on a case that moved away from its author is kept for the case's site (moved-case-work.ts)
  const moved = await movedCaseRefusals(trx, by.user, kept)
  await trx
    .insertInto('rejections')
    .values(
      kept.map(({ rejectionId, refusal, site }) => ({
        id: rejectionId,
        mutation_id: refusal.mutation.mutationId,
        record_id: refusal.mutation.recordId,
        entity: refusal.mutation.entity,
        site_code: site,
        device_id: by.deviceId,
        user_id: userId,
        // paths and codes only: a message may quote what was sent
        errors: JSON.stringify(
          [...refusal.errors, ...(moved.has(rejectionId) ? [keptForCaseSite()] : [])].map(({ path, code }) => ({
            path,
            code,
          })),
        ),
        rejected_at: refusal.at,
      })),
    )
    .execute()
  // work at a site the author lost is kept (sealed) for a supervisor of it (lost-site-work.ts)
  await keepLostSiteWork(
    trx,
    userId,
    kept.filter((item) => !moved.has(item.rejectionId)),
  )
  const forCase = kept.flatMap((item) => {
    const caseId = moved.get(item.rejectionId)
    return caseId === undefined ? [] : [{ ...item, caseId }]
  })
  await keepMovedCaseWork(trx, forCase)
  return new Set(forCase.map((item) => item.refusal.mutation.mutationId))
}

/**
 * Which open refusals a supervisor of `sites` sees (an admin sees all): those at one of
 * their sites, those by one of their sites' users (a record refused because its site is
 * no longer its author's names that other site), and work kept for a case now at one of
 * their sites (moved-case-work.ts). For a query of `rejections` left-joined with
 * `lost_site_work`; the one rule for the list and for what a supervisor may close.
 */
export function refusalSeenBy(sites: readonly string[]) {
  return (eb: ExpressionBuilder<Database, 'rejections' | 'lost_site_work'>) =>
    // no site, nothing seen (and no `in ()`, which SQL refuses)
    eb.or(
      sites.length === 0
        ? []
        : [
            eb('rejections.site_code', 'in', sites),
            eb(
              'rejections.user_id',
              'in',
              eb.selectFrom('user_sites').select('user_sites.user_id').where('user_sites.site_code', 'in', sites),
            ),
            eb(
              'lost_site_work.case_id',
              'in',
              eb
                .selectFrom('records')
                .select('records.id')
                .where('records.entity', '=', 'registration')
                .where('records.site_code', 'in', sites),
            ),
          ],
    )
}

/**
 * Open refusals the viewer covers, newest first, each with what its record is about
 * (problem-subjects.ts): work kept at a lost site is named from its kept content
 * (lost-site-work-subjects.ts), the others from the server's own version.
 */
export async function listRejections(
  db: Db,
  keys: ServerKeyring,
  viewer: SessionUser,
  limit = 1000,
): Promise<RejectedRecord[]> {
  if (viewer.role !== 'admin' && viewer.sites.length === 0) return []
  let query = db
    .selectFrom('rejections')
    .innerJoin('users', 'users.id', 'rejections.user_id')
    .leftJoin('devices', (join) =>
      join.onRef('devices.device_id', '=', 'rejections.device_id').onRef('devices.user_id', '=', 'rejections.user_id'),
    )
    .leftJoin('lost_site_work', 'lost_site_work.rejection_id', 'rejections.id')
    // a revoked phone erases itself: its author can no longer fix or discard what it sent
    .leftJoin('device_revocations', (join) =>
      join
        .onRef('device_revocations.device_id', '=', 'rejections.device_id')
        .onRef('device_revocations.user_id', '=', 'rejections.user_id'),
    )
    .select([
      'device_revocations.mode as revoked_mode',
      'rejections.id',
      'rejections.mutation_id',
      'rejections.record_id',
      'rejections.entity',
      'rejections.site_code',
      'rejections.device_id',
      'rejections.user_id',
      'rejections.errors',
      'rejections.rejected_at',
      'users.name',
      'devices.device_name',
      'lost_site_work.kid',
      'lost_site_work.sealed',
      'lost_site_work.case_id',
    ])
    .where('rejections.closed_at', 'is', null)
    .orderBy('rejections.rejected_at', 'desc')
    .orderBy('rejections.id')
    .limit(limit)
  if (viewer.role !== 'admin') query = query.where(refusalSeenBy(viewer.sites))
  const rows = await query.execute()
  // work on a case that moved is at the case's site now: only a viewer of it reads and decides it
  const caseSite = await caseSites(
    db,
    rows.flatMap((row) => (row.case_id === null ? [] : [row.case_id])),
  )
  const workSite = (row: (typeof rows)[number]) =>
    row.case_id === null ? row.site_code : (caseSite.get(row.case_id) ?? null)
  const kept = await keptWorkSources(
    keys,
    viewer,
    rows.map((row) => ({
      id: row.id,
      mutationId: row.mutation_id,
      recordId: row.record_id,
      entity: row.entity,
      siteCode: row.site_code,
      workSite: workSite(row),
      kid: row.kid,
      sealed: row.sealed,
    })),
  )
  // else named from the server's own version, when it holds one: what was refused stays on the phone
  const ids = [...new Set(rows.map((row) => row.record_id))]
  const stored = new Map((await getRecords(db, ids)).map((record) => [record.id, record]))
  const subjects = await problemSubjects(
    db,
    viewer,
    rows.map((row): SubjectSource => {
      const content = kept.get(row.id)
      const record = stored.get(row.record_id)
      const same = record !== undefined && record.entity === row.entity && !record.deleted
      // a person who refused or withdrew consent on the server is not named from work sent before
      const anonymousHere = same && row.entity === 'registration' && record.data?.consentProcessing !== true
      if (content?.readable && !anonymousHere) return content
      if (!same && content) return content
      return {
        entity: row.entity,
        recordId: row.record_id,
        siteCode: same ? record.siteCode : null,
        data: same ? record.data : null,
        readable: true,
      }
    }),
  )
  return rows.map((row, i) => ({
    id: row.id,
    mutationId: row.mutation_id,
    recordId: row.record_id,
    entity: row.entity,
    siteCode: row.site_code,
    deviceId: row.device_id,
    deviceName: row.device_name ?? null,
    user: { id: row.user_id, name: row.name },
    errors: JSON.parse(row.errors) as FieldError[],
    rejectedAt: row.rejected_at,
    ...(row.revoked_mode === null ? {} : { deviceRevoked: row.revoked_mode }),
    ...keptKind(viewer, row.kid, row.case_id, workSite(row)),
    subject: subjects[i],
  }))
}

/**
 * How a listed refusal is kept: work at a lost site (`lost_site`); work on a case that moved
 * (`lost_site` too, `keptBecause: case_moved`), told as such only to a viewer of the case's
 * site, who alone decides it: to others it is a refusal whose errors say it was kept.
 */
function keptKind(
  viewer: SessionUser,
  kid: string | null,
  caseId: string | null,
  site: string | null,
): Pick<RejectedRecord, 'kind' | 'keptBecause'> {
  if (kid === null) return {}
  if (caseId === null) return { kind: 'lost_site' }
  return site !== null && mayUseSite(viewer, site) ? { kind: 'lost_site', keptBecause: 'case_moved' } : {}
}

/**
 * The author drops their refused change of a record: its open refusals close, and the
 * answer carries the server's current version the caller may read (null: none, so the
 * phone removes its copy). 404 when the caller never had a change of it refused (400
 * `uuid_not_lowercase` for an id in capitals: http/id-spelling.ts).
 */
export async function discardRejection(
  db: Db,
  by: { user: SessionUser; deviceId: string },
  request: { entity: Entity; recordId: string },
): Promise<DiscardRejectionAnswer> {
  const refused = await db
    .selectFrom('mutations')
    .select('mutation_id')
    .where('record_id', '=', request.recordId)
    .where('user_id', '=', by.user.id)
    .where('status', '=', 'rejected')
    .executeTakeFirst()
  // a refusal a supervisor accepted since (lost-site-work.ts) no longer answers `rejected`
  const listed = refused
    ? undefined
    : await db
        .selectFrom('rejections')
        .select('id')
        .where('record_id', '=', request.recordId)
        .where('user_id', '=', by.user.id)
        .executeTakeFirst()
  if (!refused && !listed) {
    // a record refused in capitals is the author's to discard by that spelling; another names nothing
    throw (
      otherSpellings([{ path: ['recordId'], id: request.recordId }]) ??
      notFound(`Refused change of ${request.recordId}`)
    )
  }
  const open = await db
    .selectFrom('rejections')
    .select('id')
    .where('record_id', '=', request.recordId)
    .where('user_id', '=', by.user.id)
    .where('closed_at', 'is', null)
    .execute()
  // the author's discard drops what was kept of their work for a supervisor
  await dropLostSiteWork(
    db,
    open.map((row) => row.id),
  )
  const closed = await db
    .updateTable('rejections')
    .set({ closed_at: new Date().toISOString(), closed_how: 'discarded' })
    .where('record_id', '=', request.recordId)
    .where('user_id', '=', by.user.id)
    .where('closed_at', 'is', null)
    .executeTakeFirst()
  const stored = await getRecord(db, request.recordId)
  const visible =
    stored !== undefined &&
    stored.entity === request.entity &&
    canRead(by.user.role, stored.entity) &&
    mayUseSite(by.user, stored.siteCode)
  return {
    recordId: request.recordId,
    discarded: Number(closed.numUpdatedRows),
    record: !visible
      ? null
      : stored.deleted || stored.data === null
        ? { entity: stored.entity, recordId: stored.id, rev: stored.rev, deleted: true }
        : { entity: stored.entity, recordId: stored.id, rev: stored.rev, deleted: false, data: stored.data },
  }
}
