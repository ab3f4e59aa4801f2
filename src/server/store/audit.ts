/**
 * The audit log: sign-ins, changes to users, sites and devices, exports, conflict
 * reads and resolutions, and case-file reads (one entry per pull, with counts). Entries
 * name users, devices, entities and record ids, never what a record says: details are
 * counts, codes and ids only.
 */
import type { Kysely } from 'kysely'
import { newId } from '../../shared/ids'
import type { AuditAction, AuditEntry, AuditPage } from '../../shared/schemas/audit'
import type { Database } from '../db/schema'
import { ApiError } from '../http/api-error'

type Db = Kysely<Database>

export interface AuditInput {
  action: AuditAction
  actorUserId: string | null
  deviceId: string | null
  target?: string | null
  details?: Record<string, unknown>
  at?: Date
}

/** Who is acting: the signed-in caller of a request. */
export interface Actor {
  user: { id: string }
  deviceId: string
}

export async function audit(db: Db, entry: AuditInput): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      at: (entry.at ?? new Date()).toISOString(),
      actor_user_id: entry.actorUserId,
      device_id: entry.deviceId,
      action: entry.action,
      target: entry.target ?? null,
      details: entry.details === undefined ? null : JSON.stringify(entry.details),
    })
    .execute()
}

/** An entry made by the signed-in caller. */
export function auditBy(
  db: Db,
  actor: Actor,
  action: AuditAction,
  target: string | null,
  details?: Record<string, unknown>,
): Promise<void> {
  return audit(db, { action, actorUserId: actor.user.id, deviceId: actor.deviceId, target, details })
}

/**
 * Newest first; `before` is the id of the last entry of the previous page: 400 when no
 * entry has it (a page would otherwise start anywhere, silently).
 */
export async function listAudit(db: Db, { limit, before }: { limit: number; before?: string }): Promise<AuditPage> {
  if (before !== undefined && !(await entryExists(db, before))) {
    const issue = { path: ['before'], code: 'unknown_entry', message: 'No audit entry has this id' }
    throw new ApiError(400, 'invalid_request', 'before: no audit entry has this id', { issues: [issue] })
  }
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(limit + 1)
  if (before !== undefined) query = query.where('id', '<', before)
  const rows = await query.execute()
  const page = rows.slice(0, limit)
  const entries: AuditEntry[] = page.map((row) => ({
    id: row.id,
    at: row.at,
    actorUserId: row.actor_user_id,
    deviceId: row.device_id,
    action: row.action as AuditAction,
    target: row.target,
    details: row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
  }))
  return { entries, next: rows.length > limit ? (page.at(-1)?.id ?? null) : null }
}

async function entryExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('audit_log').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
}
