/** Devices: sync state per device and user (rule 6), and revocation per device. */
import type { Kysely } from 'kysely'
import type { SessionUser } from '../../shared/schemas/auth'
import type { DeviceSummary } from '../../shared/schemas/devices'
import type { Database, DevicesTable, RevokeMode } from '../db/schema'

type Db = Kysely<Database>
type DevicePatch = Partial<Omit<DevicesTable, 'device_id' | 'user_id' | 'first_seen_at'>>

/** Creates or updates the device row of a device and user. */
export async function touchDevice(db: Db, deviceId: string, userId: string, patch: DevicePatch = {}): Promise<void> {
  const now = new Date().toISOString()
  const insert = db.insertInto('devices').values({ device_id: deviceId, user_id: userId, first_seen_at: now, ...patch })
  await (
    Object.keys(patch).length === 0
      ? insert.onConflict((oc) => oc.columns(['device_id', 'user_id']).doNothing())
      : insert.onConflict((oc) => oc.columns(['device_id', 'user_id']).doUpdateSet(patch))
  ).execute()
}

export async function revocationOf(db: Db, deviceId: string): Promise<RevokeMode | undefined> {
  const row = await db
    .selectFrom('device_revocations')
    .select('mode')
    .where('device_id', '=', deviceId)
    .executeTakeFirst()
  return row?.mode
}

export async function revokeDevice(db: Db, deviceId: string, mode: RevokeMode, by: string): Promise<string> {
  const at = new Date().toISOString()
  await db
    .insertInto('device_revocations')
    .values({ device_id: deviceId, mode, revoked_at: at, revoked_by: by })
    .onConflict((oc) => oc.column('device_id').doUpdateSet({ mode, revoked_at: at, revoked_by: by }))
    .execute()
  return at
}

/** Devices the viewer may see: all for an admin, those of users sharing a site for a supervisor. */
export async function listDevices(db: Db, viewer: SessionUser, deviceId?: string): Promise<DeviceSummary[]> {
  let query = db
    .selectFrom('devices')
    .innerJoin('users', 'users.id', 'devices.user_id')
    .leftJoin('device_revocations', 'device_revocations.device_id', 'devices.device_id')
    .select([
      'devices.device_id',
      'devices.first_seen_at',
      'devices.last_push_at',
      'devices.last_pull_at',
      'devices.pending',
      'devices.last_error',
      'devices.last_error_at',
      'devices.app_version',
      'users.id as user_id',
      'users.username',
      'users.name',
      'users.role',
      'device_revocations.mode',
      'device_revocations.revoked_at',
    ])
    .orderBy('devices.last_push_at', 'desc')
    .orderBy('devices.device_id')
  if (deviceId !== undefined) query = query.where('devices.device_id', '=', deviceId)
  if (viewer.role !== 'admin') {
    if (viewer.sites.length === 0) return []
    const sharing = db.selectFrom('user_sites').select('user_id').where('site_code', 'in', viewer.sites)
    query = query.where('devices.user_id', 'in', sharing)
  }
  const rows = await query.execute()
  return rows.map((row) => ({
    deviceId: row.device_id,
    user: { id: row.user_id, username: row.username, name: row.name, role: row.role },
    firstSeenAt: row.first_seen_at,
    lastPushAt: row.last_push_at,
    lastPullAt: row.last_pull_at,
    pending: row.pending,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    appVersion: row.app_version,
    revoked: row.mode && row.revoked_at ? { mode: row.mode, at: row.revoked_at } : null,
  }))
}
