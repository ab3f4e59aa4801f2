/**
 * Pull (sync-protocol.md, Pull): the changes a user may see, in server commit order.
 * Each record appears once, at its latest rev, because `records.seq` moves to the end
 * on every change. The cursor is the last `seq` sent, base64url-encoded.
 */
import type { SessionUser } from '../../shared/schemas/auth'
import { ENTITIES } from '../../shared/schemas/entities'
import type { Change, PullResponse } from '../../shared/schemas/sync'
import { canRead } from '../../shared/roles'
import type { Db } from '../db/open'
import { parseData } from './records'

export function encodeCursor(seq: number): string {
  return Buffer.from(`s${seq}`).toString('base64url')
}

/** The seq a cursor stands for, or undefined when it is not one of ours. */
export function decodeCursor(cursor: string): number | undefined {
  const match = /^s(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  return match?.[1] === undefined ? undefined : Number(match[1])
}

export interface PullQuery {
  user: SessionUser
  deviceId: string
  since: number
  limit: number
}

export async function pullChanges(db: Db, { user, deviceId, since, limit }: PullQuery): Promise<PullResponse> {
  const entities = ENTITIES.filter((entity) => canRead(user.role, entity))
  const sites = user.sites
  if (entities.length === 0 || (user.role !== 'admin' && sites.length === 0)) {
    return { changes: [], cursor: encodeCursor(since), more: false }
  }
  let query = db
    .selectFrom('records')
    .select(['id', 'entity', 'rev', 'deleted', 'data', 'seq'])
    .where('seq', '>', since)
    .where('entity', 'in', entities)
    // versions this device and user wrote are already on the device (several users may share a device)
    .where((eb) => eb.or([eb('device_id', '!=', deviceId), eb('user_id', '!=', user.id)]))
    .orderBy('seq')
    .limit(limit + 1)
  if (user.role !== 'admin') query = query.where('site_code', 'in', sites)
  const rows = await query.execute()
  const page = rows.slice(0, limit)
  const changes: Change[] = page.map((row) => {
    const data = parseData(row.data)
    return row.deleted === 1 || data === null
      ? { entity: row.entity, recordId: row.id, rev: row.rev, deleted: true }
      : { entity: row.entity, recordId: row.id, rev: row.rev, deleted: false, data }
  })
  const last = page.at(-1)
  return { changes, cursor: encodeCursor(last ? Number(last.seq) : since), more: rows.length > limit }
}
