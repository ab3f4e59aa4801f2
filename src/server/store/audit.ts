/**
 * The audit log: sign-ins, changes to users, sites and devices, exports, conflict
 * reads and resolutions, and case-file reads (one entry per pull, with counts). Entries
 * name users, devices, entities and record ids, never what a record says: details are
 * counts, codes and ids only.
 */
import type { Kysely } from 'kysely'
import { newId } from '../../shared/ids'
import type { Role } from '../../shared/schemas/auth'
import {
  USER_TARGET_ACTIONS,
  type AuditAction,
  type AuditEntry,
  type AuditPage,
  type AuditPerson,
} from '../../shared/schemas/audit'
import type { Database } from '../db/schema'
import { ApiError } from '../http/api-error'
import { caseNumbersOf, recordIdsOf } from './audit-cases'

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
 * entry has it (a page would otherwise start anywhere, silently). `action` keeps only
 * those actions. Each entry names its actor, and the user a user action was about, as
 * the accounts are now, and the case number of each record it names by id.
 */
export async function listAudit(
  db: Db,
  { limit, before, action }: { limit: number; before?: string; action?: readonly AuditAction[] },
): Promise<AuditPage> {
  if (before !== undefined && !(await entryExists(db, before))) {
    const issue = { path: ['before'], code: 'unknown_entry', message: 'No audit entry has this id' }
    throw new ApiError(400, 'invalid_request', 'before: no audit entry has this id', { issues: [issue] })
  }
  let query = db
    .selectFrom('audit_log as a')
    .leftJoin('users as actor', 'actor.id', 'a.actor_user_id')
    .leftJoin('users as subject', 'subject.id', 'a.target')
    .selectAll('a')
    .select([
      'actor.name as actor_name',
      'actor.username as actor_username',
      'actor.role as actor_role',
      'subject.name as subject_name',
      'subject.username as subject_username',
      'subject.role as subject_role',
    ])
    .orderBy('a.id', 'desc')
    .limit(limit + 1)
  if (before !== undefined) query = query.where('a.id', '<', before)
  if (action !== undefined) query = query.where('a.action', 'in', action)
  const rows = await query.execute()
  const page = rows.slice(0, limit)
  const details = page.map((row) =>
    row.details === null ? null : (JSON.parse(row.details) as Record<string, unknown>),
  )
  const recordIds = page.map((row, i) =>
    recordIdsOf({ action: row.action, target: row.target, details: details[i] ?? null }),
  )
  const numbers = await caseNumbersOf(db, recordIds.flat())
  const entries: AuditEntry[] = page.map((row, i) => ({
    id: row.id,
    at: row.at,
    actorUserId: row.actor_user_id,
    deviceId: row.device_id,
    action: row.action as AuditAction,
    target: row.target,
    details: details[i] ?? null,
    actor: person(row.actor_name, row.actor_username, row.actor_role),
    targetUser: USER_TARGET_ACTIONS.includes(row.action as AuditAction)
      ? person(row.subject_name, row.subject_username, row.subject_role)
      : null,
    caseNumbers: Object.fromEntries(
      (recordIds[i] ?? []).flatMap((id) => {
        const number = numbers.get(id)
        return number === undefined ? [] : [[id, number]]
      }),
    ),
  }))
  return { entries, next: rows.length > limit ? (page.at(-1)?.id ?? null) : null }
}

function person(name: string | null, username: string | null, role: Role | null): AuditPerson | null {
  return name === null || username === null || role === null ? null : { name, username, role }
}

async function entryExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('audit_log').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
}
