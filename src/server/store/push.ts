/**
 * Applies a push batch (sync-protocol.md, Push rules 1–5). Every answer and every
 * accepted version of one batch commit in one transaction: a crash leaves all or none.
 */
import type { SessionUser } from '../../shared/schemas/auth'
import type { Mutation, PushResult } from '../../shared/schemas/sync'
import { canRead, mayUseSite } from '../../shared/roles'
import type { Db } from '../db/open'
import { checkMutation } from './check-mutation'
import { authorsSince, getRecord, storeConflict, writeVersion, type RecordData, type StoredRecord } from './records'
import { resolveStale } from './resolve-stale'

export interface PushContext {
  user: SessionUser
  deviceId: string
}

export async function applyBatch(db: Db, ctx: PushContext, mutations: readonly Mutation[]): Promise<PushResult[]> {
  return db.transaction().execute(async (trx) => {
    const results: PushResult[] = []
    // one at a time, in request order: a later mutation may build on an earlier one
    for (const mutation of mutations) {
      const at = new Date().toISOString()
      const earlier = await trx
        .selectFrom('mutations')
        .selectAll()
        .where('mutation_id', '=', mutation.mutationId)
        .executeTakeFirst()
      if (earlier) {
        results.push(await duplicate(trx, ctx, mutation, earlier.status, earlier.rev))
        continue
      }
      const result = await applyOne(trx, ctx, mutation, at)
      await trx
        .insertInto('mutations')
        .values({
          mutation_id: mutation.mutationId,
          record_id: mutation.recordId,
          status: result.status,
          rev: result.rev ?? null,
          device_id: ctx.deviceId,
          user_id: ctx.user.id,
          answered_at: at,
        })
        .execute()
      results.push(result)
    }
    return results
  })
}

async function applyOne(db: Db, ctx: PushContext, mutation: Mutation, at: string): Promise<PushResult> {
  const { mutationId, recordId, baseRev } = mutation
  const existing = await getRecord(db, recordId)
  const checked = checkMutation(ctx.user, mutation, existing)
  if (!checked.ok) return { mutationId, status: 'rejected', errors: checked.errors }
  const write = (rev: number, data: RecordData | null) =>
    writeVersion(db, {
      entity: mutation.entity,
      recordId,
      siteCode: checked.siteCode,
      rev,
      data,
      deviceId: ctx.deviceId,
      userId: ctx.user.id,
      mutationId,
      at,
    })

  if (!existing) {
    if (baseRev > 0) return unknownRev(mutationId, baseRev, 0)
    await write(1, checked.data)
    return { mutationId, status: 'applied', rev: 1 }
  }
  if (baseRev > existing.rev) return unknownRev(mutationId, baseRev, existing.rev)
  if (baseRev === existing.rev) {
    await write(existing.rev + 1, checked.data)
    return { mutationId, status: 'applied', rev: existing.rev + 1 }
  }
  const since = await authorsSince(db, recordId, baseRev)
  const allOwn = since.every((v) => v.deviceId === ctx.deviceId && v.userId === ctx.user.id)
  // baseRev 0 for a record that exists is a stale create: never the device's own edit
  if (baseRev > 0 && allOwn) {
    await write(existing.rev + 1, checked.data)
    return { mutationId, status: 'applied', rev: existing.rev + 1 }
  }
  const incoming = { op: mutation.op, data: checked.data, changedFields: mutation.changedFields }
  const outcome =
    baseRev === 0
      ? { status: 'conflict' as const }
      : resolveStale({ entity: mutation.entity, current: existing, since, incoming })
  if (outcome.status === 'merged') {
    await write(existing.rev + 1, outcome.data)
    return { mutationId, status: 'merged', rev: existing.rev + 1, data: outcome.data }
  }
  await storeConflict(db, {
    entity: mutation.entity,
    recordId,
    mutationId,
    op: mutation.op,
    baseRev,
    currentRev: existing.rev,
    data: checked.data,
    changedFields: mutation.changedFields,
    deviceId: ctx.deviceId,
    userId: ctx.user.id,
    at,
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
  db: Db,
  ctx: PushContext,
  mutation: Mutation,
  was: PushResult['status'],
  rev: number | null,
): Promise<PushResult> {
  const result: PushResult = {
    mutationId: mutation.mutationId,
    status: 'duplicate',
    was,
    ...(rev === null ? {} : { rev }),
  }
  const record = await getRecord(db, mutation.recordId)
  const visible = record && canRead(ctx.user.role, record.entity) && mayUseSite(ctx.user, record.siteCode)
  if (visible && record.rev === rev && record.data !== null) result.data = record.data
  return result
}
