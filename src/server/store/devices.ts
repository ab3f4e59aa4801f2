/**
 * Devices: sync state per device and user (rule 6), and revocation per (device, user)
 * pair. A device id is whatever a client sends at sign-in, so it names nothing on its
 * own: a revocation acts on the pairs the revoker covers, never on a device id as such.
 */
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

/**
 * The name a phone was given at a sign-in: this user's own for it, else the latest another
 * user gave it (a phone the centre shares). Undefined when nobody named it.
 */
export async function knownDeviceName(db: Db, deviceId: string, userId: string): Promise<string | undefined> {
  const named = await db
    .selectFrom('devices')
    .select(['user_id', 'device_name'])
    .where('device_id', '=', deviceId)
    .where('device_name', 'is not', null)
    .orderBy('first_seen_at', 'desc')
    .execute()
  return (named.find((row) => row.user_id === userId) ?? named[0])?.device_name ?? undefined
}

/** How the (device, user) pair of a token is revoked, if it is. */
export async function revocationOf(db: Db, deviceId: string, userId: string): Promise<RevokeMode | undefined> {
  const row = await db
    .selectFrom('device_revocations')
    .select('mode')
    .where('device_id', '=', deviceId)
    .where('user_id', '=', userId)
    .executeTakeFirst()
  return row?.mode
}

/** Revokes the device's pairs with these users (a later revocation replaces the mode); returns the time. */
export async function revokePairs(
  db: Db,
  deviceId: string,
  userIds: readonly string[],
  mode: RevokeMode,
  by: string,
): Promise<string> {
  const at = new Date().toISOString()
  if (userIds.length === 0) return at
  await db
    .insertInto('device_revocations')
    .values(userIds.map((userId) => ({ device_id: deviceId, user_id: userId, mode, revoked_at: at, revoked_by: by })))
    .onConflict((oc) => oc.columns(['device_id', 'user_id']).doUpdateSet({ mode, revoked_at: at, revoked_by: by }))
    .execute()
  return at
}

/**
 * The (device, user) pairs the viewer covers: all for an admin, those of users sharing
 * one of their sites for a supervisor. Each pair carries its own revocation.
 */
export async function listDevices(db: Db, viewer: SessionUser, deviceId?: string): Promise<DeviceSummary[]> {
  let query = db
    .selectFrom('devices')
    .innerJoin('users', 'users.id', 'devices.user_id')
    .leftJoin('device_revocations', (join) =>
      join
        .onRef('device_revocations.device_id', '=', 'devices.device_id')
        .onRef('device_revocations.user_id', '=', 'devices.user_id'),
    )
    .select([
      'devices.device_id',
      'devices.first_seen_at',
      'devices.last_push_at',
      'devices.last_pull_at',
      'devices.pending',
      'devices.attention',
      'devices.oldest_unsent_at',
      'devices.last_error',
      'devices.last_error_at',
      'devices.app_version',
      'devices.device_name',
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
    attention: row.attention,
    oldestUnsentAt: row.oldest_unsent_at,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at,
    appVersion: row.app_version,
    deviceName: row.device_name,
    revoked: row.mode && row.revoked_at ? { mode: row.mode, at: row.revoked_at } : null,
  }))
}
