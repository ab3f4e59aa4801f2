/**
 * Pull (sync-protocol.md, Pull): the changes a user may see, in server commit order.
 * Each record appears once, at its latest rev, because `records.seq` moves to the end
 * on every change. Records that left the user's sites (a transfer: record_departures,
 * whose seqs come from the same sequence) come as deleted, in the same order. The cursor
 * is the last `seq` sent and the scope it was sent under (scopeOf), base64url-encoded:
 * a user whose sites changed gets `invalid_cursor` and pulls again from the start.
 *
 * A cursor the server could not have given is `400 invalid_cursor` (the device starts
 * again without one), never a 5xx: only the exact encoding of a seq from 0 to the
 * newest one given is accepted. The newest seq only grows (change-set.ts counts on
 * from `max(seq)` and records are never removed), so a cursor past it is forged, or
 * from before the database was restored from a backup: starting again is right both ways.
 */
import { createHash } from 'node:crypto'
import type { SessionUser } from '../../shared/schemas/auth'
import { ENTITIES, type Entity } from '../../shared/schemas/entities'
import type { Change, PullResponse } from '../../shared/schemas/sync'
import { canRead } from '../../shared/roles'
import type { Db } from '../db/open'
import { ApiError } from '../http/api-error'
import { parseData } from './records'

/** `records.seq` is a 32-bit integer on PostgreSQL: a larger seq would fail the query itself. */
export const MAX_SEQ = 2 ** 31 - 1

/**
 * What a user may read, as a short fingerprint: their role and sites. A cursor carries
 * the one it was given under; when the user's sites change, the cursor no longer fits
 * (their device starts again and receives the older records of a new site).
 */
export function scopeOf(user: { role: string; sites: readonly string[] }): string {
  const sites = user.role === 'admin' ? '*' : [...user.sites].sort().join(',')
  return createHash('sha256').update(`${user.role}|${sites}`).digest('base64url').slice(0, 10)
}

export function encodeCursor(seq: number, scope?: string): string {
  return Buffer.from(scope === undefined ? `s${seq}` : `s${seq}.${scope}`).toString('base64url')
}

export interface Cursor {
  seq: number
  /** absent in the cursors given before scopes (still accepted) */
  scope?: string
}

/** What a cursor stands for, or undefined when it is not exactly what encodeCursor makes. */
export function decodeCursor(cursor: string): Cursor | undefined {
  // Buffer skips characters that are not base64url, so only a round trip proves the spelling ours
  const match = /^s(0|[1-9]\d{0,9})(?:\.([\w-]{10}))?$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (match?.[1] === undefined) return undefined
  const seq = Number(match[1])
  const scope = match[2]
  if (seq > MAX_SEQ || encodeCursor(seq, scope) !== cursor) return undefined
  return scope === undefined ? { seq } : { seq, scope }
}

export const invalidCursor = () =>
  new ApiError(400, 'invalid_cursor', 'The cursor is not one this server gave', {
    issues: [{ path: ['since'], code: 'invalid_cursor', message: 'Start again without since' }],
  })

/** Throws invalid_cursor for a seq past the newest one given: no cursor of ours points there. */
async function assertGiven(db: Db, since: number): Promise<void> {
  if (since === 0) return
  const newest = await db
    .selectFrom('records')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst()
  if (since <= Number(newest?.seq ?? 0)) return
  const departed = await db
    .selectFrom('record_departures')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .executeTakeFirst()
  if (since > Number(departed?.seq ?? 0)) throw invalidCursor()
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
    await assertGiven(db, since)
    return { changes: [], cursor: encodeCursor(since, scopeOf(user)), more: false }
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
  const records = await query.execute()
  const departures = user.role === 'admin' ? [] : await departuresFor(db, user, entities, since, limit)
  // one page in seq order from both: each list holds its first limit + 1
  const rows = [...records, ...departures].sort((a, b) => Number(a.seq) - Number(b.seq)).slice(0, limit + 1)
  // a page with changes proves seqs past `since` exist; only an empty one needs the look-up
  if (rows.length === 0) await assertGiven(db, since)
  const page = rows.slice(0, limit)
  const changes: Change[] = page.map((row) => {
    const data = parseData(row.data)
    return row.deleted === 1 || data === null
      ? { entity: row.entity, recordId: row.id, rev: row.rev, deleted: true }
      : { entity: row.entity, recordId: row.id, rev: row.rev, deleted: false, data }
  })
  const last = page.at(-1)
  return { changes, cursor: encodeCursor(last ? Number(last.seq) : since, scopeOf(user)), more: rows.length > limit }
}

/**
 * Records that left the user's sites for a site they do not cover (a transfer): the
 * device drops them, so they come as deleted. Not filtered by device: the phone that
 * made the transfer drops the case too. A user who covers the new site gets the record
 * itself instead.
 *
 * Each record once, at its latest (sync-protocol.md, Pull): a departure is left out when
 * the record came back to one of the user's sites since (its current version there, later
 * in the stream, or the device's own), or when it left the user's sites again later (that
 * later departure is the one sent). A case moved away and back in one batch is pulled
 * live, never deleted and then live again.
 */
async function departuresFor(db: Db, user: SessionUser, entities: readonly Entity[], since: number, limit: number) {
  if (user.sites.length === 0) return []
  const sites = user.sites
  const rows = await db
    .selectFrom('record_departures as departure')
    .select(['departure.record_id', 'departure.entity', 'departure.rev', 'departure.seq'])
    .where('departure.seq', '>', since)
    .where('departure.entity', 'in', entities)
    .where('departure.from_site', 'in', sites)
    .where('departure.to_site', 'not in', sites)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('records as back')
            .select('back.id')
            .whereRef('back.id', '=', 'departure.record_id')
            .whereRef('back.seq', '>', 'departure.seq')
            .where('back.site_code', 'in', sites),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('record_departures as later')
            .select('later.record_id')
            .whereRef('later.record_id', '=', 'departure.record_id')
            .whereRef('later.seq', '>', 'departure.seq')
            .where('later.from_site', 'in', sites)
            .where('later.to_site', 'not in', sites),
        ),
      ),
    )
    .orderBy('departure.seq')
    .limit(limit + 1)
    .execute()
  return rows.map((row) => ({
    id: row.record_id,
    entity: row.entity,
    rev: row.rev,
    deleted: 1,
    data: null,
    seq: row.seq,
  }))
}
