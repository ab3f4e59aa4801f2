/**
 * Applies a push batch (sync-protocol.md, Push rules 1–5). Every answer and every
 * accepted version of one batch commit in one change transaction: a crash leaves all
 * or none, and concurrent pushes (two server processes, one PostgreSQL) take turns.
 * The batch's earlier answers and records are read in two queries and its writes go
 * out in a few multi-row statements (change-set.ts): a 500-mutation batch costs a
 * handful of round trips, not thousands.
 */
import { jsonEqual } from '../../shared/json-equal'
import type { SessionUser } from '../../shared/schemas/auth'
import { z } from 'zod'
import {
  fieldErrorSchema,
  type FieldError,
  type Mutation,
  type PushResult,
  type PushStatus,
} from '../../shared/schemas/sync'
import { canRead, mayUseSite } from '../../shared/roles'
import type { Db } from '../db/open'
import { ChangeSet, serializeAhead } from './change-set'
import { inChangeTransaction, type Trx } from './change-transaction'
import type { Entity } from '../../shared/schemas/entities'
import type { RecordParse } from '../../shared/schemas/parse-record'
import {
  afterCaseWrite,
  caseNumbersOf,
  caseRuleErrors,
  conflictData,
  moveTransferredRecords,
  workAfterWithdrawal,
} from './case-file'
import { checkMutation, parseBatchData } from './check-mutation'
import { authorCheckErrors } from './check-author'
import { caseSiteErrors, linkErrors } from './check-links'
import { referralConsentErrors } from './consent'
import { unavailable } from './out-of-scope'
import {
  type RecordData,
  type RecordVersion,
  SERVER_DEVICE_ID,
  storeConflict,
  type StoredRecord,
  versionsFrom,
} from './records'
import { resolveStale } from './resolve-stale'
import { siteKindErrors } from './site-kind-check'
import { keptForCaseSite } from './moved-case-work'
import { keepRefusals, type Refusal } from './rejections'
import { clockBehindErrors, type SendingClock } from './clock-behind'

export interface PushContext {
  user: SessionUser
  deviceId: string
  /**
   * False when the answers carry no record data (a push-only credential, sync-protocol.md,
   * Push): a version the device did not send as it is stored (a merge, text the schema
   * cleaned) is then left for every device's pull, this one's too, which would otherwise
   * never bring it (a pull leaves out the versions a device wrote).
   */
  answersData?: boolean
  /** The phone's clock as it sent the push (`sentAt`), beside the server's: absent when it did not say. */
  sendingClock?: SendingClock
}

/** `errors`: a refusal's field errors as kept for supervisors (paths and codes), for its duplicate. */
type Answered = { status: PushStatus; rev: number | null; userId: string; errors?: FieldError[] }

export async function applyBatch(db: Db, ctx: PushContext, mutations: readonly Mutation[]): Promise<PushResult[]> {
  // parsed and serialised before the transaction: it holds the change lock on PostgreSQL
  const parsed = parseBatchData(mutations)
  for (const result of parsed.values()) if (result.success) serializeAhead(result.data)
  return inChangeTransaction(db, async (trx) => {
    const answered = await answeredBefore(trx, mutations)
    const changes = await ChangeSet.open(
      db,
      trx,
      mutations.map((m) => m.recordId),
      { caseFile: true },
    )
    // who holds the batch's case numbers, in one query rather than one per registration
    await changes.loadCaseNumbers(caseNumbersOf(parsed.values()))
    const results: PushResult[] = []
    const refusals: Refusal[] = []
    const accepted: string[] = []
    // one at a time, in request order: a later mutation may build on an earlier one
    for (const mutation of mutations) {
      const earlier = answered.get(mutation.mutationId)
      if (earlier) {
        // another user's mutationId is as unknown as another site's record (and changes nothing)
        results.push(
          earlier.userId === ctx.user.id
            ? await duplicate(changes, ctx, mutation, earlier)
            : { mutationId: mutation.mutationId, status: 'rejected', errors: [unavailable([])] },
        )
        continue
      }
      const at = new Date().toISOString()
      const parse = parsed.get(mutation)
      const result = await applyOne(trx, changes, ctx, mutation, at, parse)
      // refused records are listed for supervisors, without their data (rejections.ts)
      if (result.status === 'rejected') {
        const data = parse?.success ? (parse.data as RecordData) : null
        const stored = await changes.record(mutation.recordId)
        refusals.push({ mutation, errors: result.errors ?? [], parsed: data, stored, at })
      } else accepted.push(mutation.recordId)
      const rev = result.rev ?? null
      answered.set(mutation.mutationId, { status: result.status, rev, userId: ctx.user.id })
      changes.answer({
        mutation_id: mutation.mutationId,
        record_id: mutation.recordId,
        status: result.status,
        rev,
        device_id: ctx.deviceId,
        user_id: ctx.user.id,
        answered_at: at,
      })
      results.push(result)
    }
    await moveTransferredRecords(changes, trx, ctx, new Date().toISOString())
    await changes.flush()
    const keptForCase = await keepRefusals(trx, { user: ctx.user, deviceId: ctx.deviceId }, refusals, accepted)
    // the phone learns that its refused work on a case that moved was kept for the case's site
    return results.map((result) =>
      result.status === 'rejected' && keptForCase.has(result.mutationId)
        ? { ...result, errors: [...(result.errors ?? []), keptForCaseSite()] }
        : result,
    )
  })
}

async function answeredBefore(trx: Trx, mutations: readonly Mutation[]): Promise<Map<string, Answered>> {
  const answered = new Map<string, Answered>()
  if (mutations.length === 0) return answered
  const rows = await trx
    .selectFrom('mutations')
    .select(['mutation_id', 'status', 'rev', 'user_id'])
    .where(
      'mutation_id',
      'in',
      mutations.map((m) => m.mutationId),
    )
    .execute()
  for (const row of rows) answered.set(row.mutation_id, { status: row.status, rev: row.rev, userId: row.user_id })
  // a refusal answered again says why, so that a phone whose change was applied from a
  // courier file (api.md) learns the reason at its own push, not only that it was refused
  const refused = rows.filter((row) => row.status === 'rejected').map((row) => row.mutation_id)
  if (refused.length === 0) return answered
  const kept = await trx
    .selectFrom('rejections')
    .select(['mutation_id', 'user_id', 'errors'])
    .where('mutation_id', 'in', refused)
    .execute()
  for (const row of kept) {
    const earlier = answered.get(row.mutation_id)
    if (earlier && earlier.userId === row.user_id) earlier.errors = keptErrors(row.errors)
  }
  return answered
}

function keptErrors(json: string): FieldError[] {
  try {
    const parsed = z.array(fieldErrorSchema).safeParse(JSON.parse(json))
    return parsed.success ? parsed.data : []
  } catch {
    return []
  }
}

export async function applyOne(
  trx: Trx,
  changes: ChangeSet,
  ctx: PushContext,
  mutation: Mutation,
  at: string,
  parsed: RecordParse<Entity> | undefined,
): Promise<PushResult> {
  const { mutationId, recordId, baseRev } = mutation
  const existing = await changes.record(recordId)
  const checked = checkMutation(ctx.user, mutation, existing, parsed)
  if (!checked.ok) return { mutationId, status: 'rejected', errors: checked.errors }
  const clockErrors = clockBehindErrors(mutation, checked.data, existing, ctx.sendingClock)
  if (clockErrors.length > 0) return { mutationId, status: 'rejected', errors: clockErrors }
  // the author of a case's record: the sender for a new one, as stored for an edit (ctx.user
  // is whoever the server authenticated for this mutation: a courier file's sender, kept work's author)
  const authorErrors = await authorCheckErrors(trx, changes, mutation.entity, checked.data, existing, ctx.user.id)
  if (authorErrors.length > 0) return { mutationId, status: 'rejected', errors: authorErrors }
  if (checked.data !== null) {
    const errors = await siteKindErrors(trx, mutation.entity, existing, checked.siteCode)
    if (errors.length > 0) return { mutationId, status: 'rejected', errors }
  }
  const linked = await linkErrors(changes, ctx.user, checked.data)
  if (linked.errors.length > 0) return { mutationId, status: 'rejected', errors: linked.errors }
  if (mutation.entity === 'referral' && checked.data !== null) {
    const errors = referralConsentErrors(checked.data, linked.registration)
    if (errors.length > 0) return { mutationId, status: 'rejected', errors }
  }
  // `sentBack`: the device gets this version in the answer or sent it as stored
  const write = async (data: RecordData | null, siteCode = checked.siteCode, sentBack = true) => {
    const written = changes.write({
      entity: mutation.entity,
      recordId,
      siteCode,
      rev: (existing?.rev ?? 0) + 1,
      data,
      deviceId: ctx.deviceId,
      userId: ctx.user.id,
      mutationId,
      at,
      ...(sentBack || ctx.answersData !== false ? {} : { heldBy: SERVER_DEVICE_ID }),
    })
    await afterCaseWrite(trx, changes, ctx, existing, written, at)
    return written
  }
  // the case file's rules hold for what is written: the version sent, or a merge
  const caseErrors = async (data: RecordData | null) => {
    const misplaced = await caseSiteErrors(changes, mutation.entity, data)
    return misplaced.length > 0 ? misplaced : caseRuleErrors(trx, changes, ctx.user, mutation.entity, existing, data)
  }

  // work on a case whose person withdrew consent is stored without its free text
  // (workAfterWithdrawal), the answer carrying that version as any the server changed
  const stored = (data: RecordData | null) => workAfterWithdrawal(trx, changes, mutation.entity, data)

  // the server stores what the schema produced; where that differs from what was sent
  // (cleaned text, defaults, text a withdrawal blanks), the answer carries it so that the
  // device stores the same
  const applied = async (): Promise<PushResult> => {
    const data = await stored(checked.data)
    const errors = await caseErrors(data)
    if (errors.length > 0) return { mutationId, status: 'rejected', errors }
    const asSent = data === null || jsonEqual(data, mutation.data)
    const rev = (await write(data, checked.siteCode, asSent)).rev
    if (asSent) return { mutationId, status: 'applied', rev }
    return { mutationId, status: 'applied', rev, data }
  }

  if (!existing) {
    if (baseRev > 0) return unknownRev(mutationId, baseRev, 0)
    return applied()
  }
  if (baseRev > existing.rev) return unknownRev(mutationId, baseRev, existing.rev)
  if (baseRev === existing.rev) return applied()

  // stale: the history since baseRev decides; it is in the database once the buffer is
  await changes.flush()
  const history = await versionsFrom(trx, recordId, baseRev)
  const since = history.filter((version) => version.rev > baseRev)
  const isOwn = (version: RecordVersion) => version.deviceId === ctx.deviceId && version.userId === ctx.user.id
  // the device's own earlier edits (a create and edits queued before its answer came
  // back carry baseRev 0 too) are already inside the incoming data
  if (since.every(isOwn)) return applied()

  const outcome =
    baseRev === 0
      ? { status: 'conflict' as const } // a stale create: someone else's record has this id
      : resolveStale({
          entity: mutation.entity,
          current: existing,
          base: history.find((version) => version.rev === baseRev),
          since,
          isOwn,
          incoming: { op: mutation.op, data: checked.data, changedFields: mutation.changedFields },
        })
  if (outcome.status === 'merged') {
    const siteCode = typeof outcome.data.siteCode === 'string' ? outcome.data.siteCode : checked.siteCode
    const data = (await stored(outcome.data)) ?? outcome.data
    const errors = await caseErrors(data)
    if (errors.length > 0) return { mutationId, status: 'rejected', errors }
    const merged = await write(data, siteCode, false)
    return { mutationId, status: 'merged', rev: merged.rev, data }
  }
  await storeConflict(trx, {
    entity: mutation.entity,
    recordId,
    mutationId,
    op: mutation.op,
    baseRev,
    currentRev: existing.rev,
    data: await stored(conflictData(mutation.entity, existing, checked.data, linked.registration)),
    changedFields: mutation.changedFields,
    deviceId: ctx.deviceId,
    userId: ctx.user.id,
    at,
    // a phone leaves `at` out when it is the record's updatedAt (sync-protocol.md, additive notes)
    deviceAt: mutation.at ?? (typeof checked.data?.updatedAt === 'string' ? checked.data.updatedAt : undefined),
  })
  return { mutationId, status: 'conflict', ...current(existing) }
}

function unknownRev(mutationId: string, baseRev: number, rev: number): PushResult {
  const message = `baseRev ${baseRev} is newer than the server's rev ${rev}`
  return { mutationId, status: 'rejected', errors: [{ path: ['baseRev'], code: 'unknown_rev', message }] }
}

function current(record: StoredRecord): Pick<PushResult, 'rev' | 'data'> {
  return record.data === null ? { rev: record.rev } : { rev: record.rev, data: record.data }
}

/**
 * Rule 1: a mutation answered before changes nothing. `rev` is the rev it got then;
 * the record's data comes along while the record is still at that rev, so that the
 * device never pairs newer data with an older rev (it pulls the newer version instead).
 */
async function duplicate(
  changes: ChangeSet,
  ctx: PushContext,
  mutation: Mutation,
  { status: was, rev, errors }: Answered,
): Promise<PushResult> {
  const result: PushResult = {
    mutationId: mutation.mutationId,
    status: 'duplicate',
    was,
    ...(rev === null ? {} : { rev }),
    ...(errors && errors.length > 0 ? { errors } : {}),
  }
  const record = await changes.record(mutation.recordId)
  const visible = record && canRead(ctx.user.role, record.entity) && mayUseSite(ctx.user, record.siteCode)
  if (!visible || record.rev !== rev) return result
  // a push-only credential gets no data: it learns whether its first `applied` stored a
  // version other than the one sent, which the server then holds for the device's pull
  if (ctx.answersData === false) {
    return was === 'applied' && record.deviceId === SERVER_DEVICE_ID ? { ...result, changed: true } : result
  }
  if (record.data !== null) result.data = record.data
  return result
}
