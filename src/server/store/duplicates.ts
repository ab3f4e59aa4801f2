/**
 * Merging duplicate persons (docs/api.md, Possible duplicates), each in one change
 * transaction with its audit entry:
 *
 * - merge: two registrations at one site (a case at another site is transferred first:
 *   `merge_needs_same_site`); an anonymous case never goes into a named one
 *   (`merge_anonymous_into_named`: the person refused to be named); the survivor keeps
 *   the most restrictive consent to sharing; the assistance, referrals and case events of
 *   the merged case name the survivor from now on; the merged registration gets
 *   `mergedInto`; a case event on the survivor's timeline says so. Every write is a new
 *   rev (by the server's device id, so that the supervisor's own phone pulls it too),
 *   and every version of every record touched is kept from retention (merge_records);
 * - undo: the merged case loses `mergedInto`, the survivor gets back the consent the merge
 *   lowered (unless it changed since), the records moved go back (those still naming the
 *   survivor), and the timeline says so;
 * - distinct, and its undo: distinct-pairs.ts.
 *
 * A case outside the caller's sites is as unknown as one that does not exist (404); an
 * id in capitals that names none answers `uuid_not_lowercase` (requested-cases.ts).
 */
import { sql } from 'kysely'
import { newId } from '../../shared/ids'
import { mayUseSite } from '../../shared/roles'
import type { SessionUser } from '../../shared/schemas/auth'
import {
  type MergeAnswer,
  type MergeRefusal,
  type MergeRequest,
  type UndoMergeAnswer,
  type UndoMergeRequest,
} from '../../shared/schemas/duplicates'
import { registrationSchema } from '../../shared/schemas/registration'
import { linkedRegistration } from '../db/migrations/0008-case-file'
import type { Db } from '../db/open'
import type { MergeRecordsTable } from '../db/schema'
import { ApiError, notFound } from '../http/api-error'
import { otherSpellings } from '../http/id-spelling'
import { auditBy } from './audit'
import { ChangeSet } from './change-set'
import { inChangeTransaction, type Trx } from './change-transaction'
import { type RecordData, SERVER_DEVICE_ID, type StoredRecord } from './records'
import { reachableCase, requestedCases, type RequestedCase } from './requested-cases'
import { writeServerCaseEvent } from './server-case-event'

export interface MergeActor {
  user: SessionUser
  deviceId: string
}

/** A refusal with its stable code, as the error and as the field error at `field`. */
function refused(code: MergeRefusal, field: string, message: string): ApiError {
  return new ApiError(400, code, message, { issues: [{ path: [field], code, message }] })
}

/** A live registration at one of the caller's sites, or 404. */
async function caseOf(changes: ChangeSet, user: SessionUser, id: string): Promise<RequestedCase> {
  const record = await reachableCase(changes, user, id)
  if (!record) throw notFound(`Case ${id}`)
  return record
}

/** The registration as the schema makes it: what is written is always valid. */
function validRegistration(data: RecordData): RecordData {
  const parsed = registrationSchema.safeParse(data)
  if (!parsed.success) throw new ApiError(400, 'invalid_request', 'This case does not read as a valid case any more')
  return parsed.data as RecordData
}

/** The assistance, referrals and case events naming a registration (current, not deleted), in change order. */
async function linkedIds(trx: Trx, registrationId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('records')
    .select('id')
    .where('entity', 'in', ['assistance', 'referral', 'caseEvent'])
    .where(sql<boolean>`${linkedRegistration(trx)} = ${registrationId}`)
    .where('deleted', '=', 0)
    .orderBy('seq')
    .execute()
  return rows.map((row) => row.id)
}

function serverWrite(changes: ChangeSet, user: SessionUser, record: StoredRecord, data: RecordData, at: string) {
  return changes.write({
    entity: record.entity,
    recordId: record.id,
    siteCode: record.siteCode,
    rev: record.rev + 1,
    data,
    deviceId: SERVER_DEVICE_ID,
    userId: user.id,
    mutationId: newId(),
    at,
  })
}

export async function mergeCases(db: Db, actor: MergeActor, request: MergeRequest): Promise<MergeAnswer> {
  const { user } = actor
  return inChangeTransaction(db, async (trx) => {
    const changes = await ChangeSet.open(db, trx, [request.keepId, request.mergeId], { caseFile: true })
    const { keepId: keep, mergeId: merged } = await requestedCases(changes, user, {
      keepId: request.keepId,
      mergeId: request.mergeId,
    })
    if (keep.data.mergedInto !== undefined) {
      throw refused('already_merged', 'keepId', 'This case was merged into another one')
    }
    if (merged.data.mergedInto !== undefined) {
      throw refused('already_merged', 'mergeId', 'This case was already merged into another one')
    }
    if (keep.siteCode !== merged.siteCode) {
      throw refused('merge_needs_same_site', 'mergeId', 'Both cases must be at the same site: transfer one first')
    }
    if (keep.data.consentProcessing === true && merged.data.consentProcessing !== true) {
      throw refused('merge_anonymous_into_named', 'mergeId', 'An anonymous case is never merged into a named one')
    }
    const at = new Date().toISOString()

    // the most restrictive consent: no sharing with partners when either case refused it
    const keepBefore: RecordData = {}
    let keepData = keep.data
    if (keep.data.consentSharing === true && merged.data.consentSharing !== true) {
      keepBefore.consentSharing = true
      keepData = validRegistration({ ...keep.data, consentSharing: false, updatedAt: at })
    }
    const keepAfter = keepData === keep.data ? keep : serverWrite(changes, user, keep, keepData, at)
    const mergedAfter = serverWrite(
      changes,
      user,
      merged,
      validRegistration({ ...merged.data, mergedInto: keep.id, updatedAt: at }),
      at,
    )

    const touched: MergeRecordsTable['role'][] = []
    const touchedIds: string[] = []
    const touch = (id: string, role: MergeRecordsTable['role']) => {
      touchedIds.push(id)
      touched.push(role)
    }
    touch(keep.id, 'keep')
    touch(merged.id, 'merged')
    await changes.flush()
    for (const id of await linkedIds(trx, merged.id)) {
      const record = await changes.record(id)
      if (!record || record.deleted || record.data === null) continue
      serverWrite(changes, user, record, { ...record.data, registrationId: keep.id }, at)
      touch(id, 'moved')
    }
    const moved = touched.filter((role) => role === 'moved').length
    touch(writeServerCaseEvent(changes, user, keepAfter, { kind: 'merged', recordId: merged.id }, at), 'event')
    await changes.flush()

    const mergeRow = newId()
    await trx
      .insertInto('merges')
      .values({
        id: mergeRow,
        site_code: keep.siteCode,
        keep_id: keep.id,
        merge_id: merged.id,
        merged_by: user.id,
        merged_at: at,
        keep_before: JSON.stringify(keepBefore),
        undone_by: null,
        undone_at: null,
      })
      .execute()
    await insertTouched(trx, mergeRow, touchedIds, touched)
    await auditBy(trx, actor, 'cases_merged', merged.id, { keepId: keep.id, mergeId: merged.id, moved })
    return { keepId: keep.id, mergeId: merged.id, keepRev: keepAfter.rev, mergeRev: mergedAfter.rev, moved }
  })
}

async function insertTouched(trx: Trx, mergeRow: string, ids: string[], roles: MergeRecordsTable['role'][]) {
  const rows = ids.map((record_id, i) => ({
    merge_row: mergeRow,
    record_id,
    role: roles[i] as MergeRecordsTable['role'],
  }))
  for (let i = 0; i < rows.length; i += 200) {
    await trx
      .insertInto('merge_records')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) => oc.columns(['merge_row', 'record_id']).doNothing())
      .execute()
  }
}

export async function undoMerge(db: Db, actor: MergeActor, request: UndoMergeRequest): Promise<UndoMergeAnswer> {
  const { user } = actor
  return inChangeTransaction(db, async (trx) => {
    const row = await trx
      .selectFrom('merges')
      .selectAll()
      .where('merge_id', '=', request.mergeId)
      .where('undone_at', 'is', null)
      .executeTakeFirst()
    if (!row || !mayUseSite(user, row.site_code)) {
      throw otherSpellings([{ path: ['mergeId'], id: request.mergeId }]) ?? notFound(`Merge of case ${request.mergeId}`)
    }
    const changes = await ChangeSet.open(db, trx, [row.keep_id, row.merge_id], { caseFile: true })
    const keep = await caseOf(changes, user, row.keep_id)
    const merged = await caseOf(changes, user, row.merge_id)
    if (keep.siteCode !== merged.siteCode) {
      throw refused(
        'undo_needs_same_site',
        'mergeId',
        'The cases are no longer at the same site: transfer one back first',
      )
    }
    const at = new Date().toISOString()

    const { mergedInto: _mergedInto, ...unmerged } = merged.data
    serverWrite(changes, user, merged, validRegistration({ ...unmerged, updatedAt: at }), at)
    // the consent the merge lowered comes back, unless someone changed it since
    const before = JSON.parse(row.keep_before) as RecordData
    let keepAfter: StoredRecord = keep
    if (before.consentSharing === true && keep.data.consentProcessing === true && keep.data.consentSharing === false) {
      keepAfter = serverWrite(
        changes,
        user,
        keep,
        validRegistration({ ...keep.data, consentSharing: true, updatedAt: at }),
        at,
      )
    }

    const movedRows = await trx
      .selectFrom('merge_records')
      .select('record_id')
      .where('merge_row', '=', row.id)
      .where('role', '=', 'moved')
      .execute()
    let restored = 0
    for (const { record_id } of movedRows) {
      const record = await changes.record(record_id)
      // a record moved on since (deleted, or linked elsewhere by someone) stays where it is now
      if (!record || record.deleted || record.data === null || record.data.registrationId !== keep.id) continue
      serverWrite(changes, user, record, { ...record.data, registrationId: merged.id }, at)
      restored += 1
    }
    const eventId = writeServerCaseEvent(changes, user, keepAfter, { kind: 'merge_undone', recordId: merged.id }, at)
    await changes.flush()
    await insertTouched(trx, row.id, [eventId], ['event'])
    await trx.updateTable('merges').set({ undone_by: user.id, undone_at: at }).where('id', '=', row.id).execute()
    await auditBy(trx, actor, 'merge_undone', merged.id, { keepId: keep.id, mergeId: merged.id, restored })
    return { keepId: keep.id, mergeId: merged.id, restored }
  })
}
