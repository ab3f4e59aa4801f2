/**
 * The conflict store (sync-protocol.md, rule 5): incoming versions the server could
 * not apply, listed for supervisors of the record's site, and resolved by keeping the
 * server's version, applying the incoming one, or applying a merge they made (the whole
 * record, or a side chosen per differing field). Every resolution is a new rev, keeping
 * the server's version too, so devices get it through pull, and the phone that sent the
 * conflict leaves its "in conflict" state.
 */
import { randomUUID } from 'node:crypto'
import type { SessionUser } from '../../shared/schemas/auth'
import type {
  Conflict,
  ConflictStatus,
  ResolveConflictRequest,
  ResolveConflictResponse,
} from '../../shared/schemas/conflicts'
import { applyFieldChoices, type FieldSide } from '../../shared/conflict-fields'
import { parseRecordData } from '../../shared/schemas/parse-record'
import { pushValueErrors } from '../../shared/schemas/push-values'
import { mayUseSite } from '../../shared/roles'
import type { Db } from '../db/open'
import { ApiError, notFound } from '../http/api-error'
import { afterCaseWrite, caseRuleErrors, moveTransferredRecords, workAfterWithdrawal } from './case-file'
import { authorCheckErrors } from './check-author'
import { caseSiteErrors } from './check-links'
import { ChangeSet } from './change-set'
import { referralConsentErrors } from './consent'
import { parseData, type RecordData, SERVER_DEVICE_ID, type StoredRecord } from './records'
import { inChangeTransaction, type Trx } from './change-transaction'
import { problemSubjects } from './problem-subjects'
import { writeServerCaseEvent } from './server-case-event'

/** A conflict with its record, its author, and the phone's name as its user gave it at sign-in (per pair, as in Devices). */
function conflictsQuery(db: Db | Trx) {
  return db
    .selectFrom('conflicts')
    .innerJoin('records', 'records.id', 'conflicts.record_id')
    .innerJoin('users', 'users.id', 'conflicts.user_id')
    .leftJoin('devices', (join) =>
      join.onRef('devices.device_id', '=', 'conflicts.device_id').onRef('devices.user_id', '=', 'conflicts.user_id'),
    )
    .select([
      'conflicts.id',
      'conflicts.entity',
      'conflicts.record_id',
      'conflicts.mutation_id',
      'conflicts.op',
      'conflicts.base_rev',
      'conflicts.data',
      'conflicts.changed_fields',
      'conflicts.device_id',
      'conflicts.device_at',
      'conflicts.created_at',
      'conflicts.status',
      'conflicts.resolution',
      'conflicts.resolved_by',
      'conflicts.resolved_at',
      'conflicts.resolved_rev',
      'users.id as user_id',
      'users.username',
      'users.name',
      'devices.device_name',
      'records.site_code',
      'records.rev as server_rev',
      'records.deleted as server_deleted',
      'records.data as server_data',
    ])
}

type ConflictRow = Awaited<ReturnType<ReturnType<typeof conflictsQuery>['executeTakeFirstOrThrow']>>

function toConflict(row: ConflictRow): Conflict {
  return {
    id: row.id,
    entity: row.entity,
    recordId: row.record_id,
    siteCode: row.site_code,
    status: row.status,
    createdAt: row.created_at,
    server: { rev: row.server_rev, deleted: row.server_deleted === 1, data: parseData(row.server_data) },
    incoming: {
      mutationId: row.mutation_id,
      op: row.op,
      baseRev: row.base_rev,
      data: parseData(row.data),
      changedFields: row.changed_fields === null ? null : (JSON.parse(row.changed_fields) as string[]),
      deviceId: row.device_id,
      deviceName: row.device_name ?? null,
      user: { id: row.user_id, username: row.username, name: row.name },
      at: row.device_at,
    },
    resolution:
      row.resolution && row.resolved_by && row.resolved_at && row.resolved_rev !== null
        ? { choice: row.resolution, by: row.resolved_by, at: row.resolved_at, rev: row.resolved_rev }
        : null,
  }
}

/** The site of a conflict's record, or undefined when there is no such conflict. */
export async function conflictSite(db: Db, id: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('conflicts')
    .innerJoin('records', 'records.id', 'conflicts.record_id')
    .select('records.site_code')
    .where('conflicts.id', '=', id)
    .executeTakeFirst()
  return row?.site_code
}

/** Conflicts at the viewer's sites (every site for an admin), oldest first, each with what its record is about. */
export async function listConflicts(
  db: Db,
  viewer: SessionUser,
  { status, limit }: { status: ConflictStatus; limit: number },
): Promise<Conflict[]> {
  if (viewer.role !== 'admin' && viewer.sites.length === 0) return []
  let query = conflictsQuery(db)
    .where('conflicts.status', '=', status)
    .orderBy('conflicts.created_at')
    .orderBy('conflicts.id')
    .limit(limit)
  if (viewer.role !== 'admin') query = query.where('records.site_code', 'in', viewer.sites)
  const conflicts = (await query.execute()).map(toConflict)
  const subjects = await problemSubjects(
    db,
    viewer,
    conflicts.map((c) => ({
      entity: c.entity,
      recordId: c.recordId,
      siteCode: c.siteCode,
      // the server's version names it; a deleted one, the phone's
      data: c.server.data ?? c.incoming.data,
      readable: true,
    })),
  )
  return conflicts.map((conflict, i) => ({ ...conflict, subject: subjects[i] }))
}

export async function resolveConflict(
  db: Db,
  by: { user: SessionUser; deviceId: string },
  id: string,
  request: ResolveConflictRequest,
): Promise<ResolveConflictResponse> {
  return inChangeTransaction(db, async (trx) => {
    const row = await conflictsQuery(trx).where('conflicts.id', '=', id).executeTakeFirst()
    // a conflict at another site is as unknown as one that does not exist
    if (!row || !mayUseSite(by.user, row.site_code)) throw notFound(`Conflict ${id}`)
    if (row.status !== 'open') throw new ApiError(409, 'already_resolved', 'This conflict was already resolved')
    const changes = await ChangeSet.open(db, trx, [row.record_id], { caseFile: true })
    const record = await changes.record(row.record_id)
    if (!record) throw notFound(`Record ${row.record_id}`)
    const at = new Date().toISOString()
    // every choice writes a new rev, the server's too: the phone that sent the conflict
    // pulls it and leaves its "in conflict" state
    const chosen =
      request.choice === 'server'
        ? serverVersionAgain(record, at)
        : await checkedChoice(trx, changes, by.user, row, record, request, at)
    // a withdrawal of consent keeps no free text about the person, whichever side is chosen
    const data = await workAfterWithdrawal(trx, changes, row.entity, chosen.data)
    const { siteCode } = chosen
    const result = changes.write({
      entity: row.entity,
      recordId: row.record_id,
      siteCode,
      rev: record.rev + 1,
      data,
      // the server's device id: the supervisor's own phone holds the old version and pulls this one too
      deviceId: SERVER_DEVICE_ID,
      userId: by.user.id,
      mutationId: randomUUID(),
      at,
    })
    await afterCaseWrite(trx, changes, by, record, result, at)
    await moveTransferredRecords(changes, trx, by, at)
    const kase = await caseOfResolved(changes, record, result)
    if (kase)
      writeServerCaseEvent(
        changes,
        by.user,
        kase,
        { kind: 'conflict_resolved', recordId: row.record_id, choice: request.choice },
        at,
      )
    await changes.flush()
    await trx
      .updateTable('conflicts')
      .set({
        status: 'resolved',
        resolution: request.choice,
        resolved_by: by.user.id,
        resolved_at: at,
        resolved_rev: result.rev,
      })
      .where('id', '=', id)
      .execute()
    return {
      id,
      status: 'resolved' as const,
      choice: request.choice,
      entity: row.entity,
      recordId: row.record_id,
      rev: result.rev,
      deleted: result.deleted,
      data: result.data,
    }
  })
}

/**
 * The case a resolved record is or belongs to, as it stands after the resolution (its
 * timeline says so), or undefined when there is none: a tally, a survey, or a record of
 * a case no longer there.
 */
async function caseOfResolved(
  changes: ChangeSet,
  before: StoredRecord,
  after: StoredRecord,
): Promise<{ id: string; siteCode: string } | undefined> {
  if (after.entity === 'registration') return after.deleted ? undefined : { id: after.id, siteCode: after.siteCode }
  if (after.entity !== 'assistance' && after.entity !== 'referral') return undefined
  const linked = (after.data ?? before.data)?.registrationId
  if (typeof linked !== 'string') return undefined
  const kase = await changes.record(linked)
  return kase && !kase.deleted && kase.entity === 'registration' ? { id: kase.id, siteCode: kase.siteCode } : undefined
}

/**
 * The server's version as a resolution writes it again: the same fields (a deletion stays
 * one), `updatedAt` the resolution's time as a per-field choice sets it. It is the stored
 * version, so it is not checked again.
 */
function serverVersionAgain(record: StoredRecord, at: string): { data: RecordData | null; siteCode: string } {
  return { data: record.data === null ? null : { ...record.data, updatedAt: at }, siteCode: record.siteCode }
}

/** The record an `incoming` or `merged` choice makes, checked as a push would be; else a 400 and nothing stored. */
async function checkedChoice(
  trx: Trx,
  changes: ChangeSet,
  user: SessionUser,
  row: ConflictRow,
  record: StoredRecord,
  request: ResolveConflictRequest,
  at: string,
): Promise<{ data: RecordData | null; siteCode: string }> {
  const sent =
    request.choice === 'incoming'
      ? parseData(row.data)
      : request.fields !== undefined
        ? byField(record.data, parseData(row.data), request.fields, at)
        : (request.data ?? null)
  // what is stored is what the schema produced, never the body as sent
  const { data, siteCode } =
    sent === null ? { data: null, siteCode: record.siteCode } : checkResolution(row.entity, row.record_id, sent, user)
  // and its new values are ones a push would take: ids in lowercase, timestamps a clock writes
  const valueIssues = data === null ? [] : pushValueErrors(row.entity, data, record.data)
  if (valueIssues.length > 0) {
    throw new ApiError(400, 'invalid_request', 'The resolved record does not match its schema', {
      issues: valueIssues.map((e) => ({ ...e, path: ['data', ...e.path] })),
    })
  }
  // the record's author stays as stored (a deleted one's: its last author, or the conflict's sender)
  const authorIssues = await authorCheckErrors(trx, changes, row.entity, data, record, row.user_id)
  if (authorIssues.length > 0) {
    throw new ApiError(400, 'invalid_request', 'The author of a record does not change', {
      issues: authorIssues.map((e) => ({ ...e, path: ['data', ...e.path] })),
    })
  }
  if (row.entity === 'referral' && data !== null) {
    const registrationId = data.registrationId
    const registration = typeof registrationId === 'string' ? await changes.record(registrationId) : undefined
    const issues = referralConsentErrors(data, registration).map((e) => ({ ...e, path: ['data', ...e.path] }))
    if (issues.length > 0) throw new ApiError(400, 'invalid_request', 'Consent to share is missing', { issues })
  }
  // the case file's rules: a case's record at its site, a case number held by another case,
  // a site that is no transit centre
  const misplaced = await caseSiteErrors(changes, row.entity, data)
  const caseRules =
    misplaced.length > 0 ? misplaced : await caseRuleErrors(trx, changes, user, row.entity, record, data)
  const caseIssues = caseRules.map((e) => ({
    ...e,
    path: ['data', ...e.path],
  }))
  if (caseIssues.length > 0) {
    throw new ApiError(400, 'invalid_request', 'The resolved record breaks a rule of the case file', {
      issues: caseIssues,
    })
  }
  return { data, siteCode }
}

/**
 * The record a per-field choice makes from the server's version and the device's; both
 * must exist (a deletion is chosen whole), and every differing field needs a side.
 */
function byField(
  server: RecordData | null,
  incoming: RecordData | null,
  fields: Readonly<Record<string, FieldSide>>,
  at: string,
): RecordData {
  if (server === null || incoming === null) {
    throw new ApiError(400, 'invalid_request', 'A deletion is kept or applied whole, not field by field', {
      issues: [{ path: ['fields'], code: 'not_applicable', message: 'Choose server or incoming' }],
    })
  }
  const made = applyFieldChoices(server, incoming, fields, at)
  if (!made.ok)
    throw new ApiError(400, 'invalid_request', 'Choose a version of each field that differs', {
      issues: made.issues,
    })
  return made.data
}

/** The record a resolution applies: valid for its entity, the same id, at a site of the resolver's. */
function checkResolution(
  entity: Conflict['entity'],
  recordId: string,
  data: RecordData,
  user: SessionUser,
): { data: RecordData; siteCode: string } {
  const invalid = (issues: unknown[]) =>
    new ApiError(400, 'invalid_request', 'The resolved record does not match its schema', { issues })
  const parsed = parseRecordData(entity, data)
  if (!parsed.success) throw invalid(parsed.errors.map((e) => ({ ...e, path: ['data', ...e.path] })))
  if (parsed.data.id !== recordId)
    throw invalid([{ path: ['data', 'id'], code: 'id_mismatch', message: 'data.id must be the record’s id' }])
  if (!mayUseSite(user, parsed.data.siteCode)) {
    throw invalid([
      { path: ['data', 'siteCode'], code: 'forbidden', message: `Site ${parsed.data.siteCode} is not one of yours` },
    ])
  }
  return { data: parsed.data as RecordData, siteCode: parsed.data.siteCode }
}
