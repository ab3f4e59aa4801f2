/**
 * Revocation per (device, user) pair instead of per device id: a device id is whatever
 * a client sends, so a revocation keyed on it alone let a supervisor who signed in with
 * another site's device id revoke that site's phone. SQLite cannot change a primary key:
 * the table is rebuilt. Each device-level row becomes one row for every user seen on that
 * device (the `devices` table), with the same mode, time and author.
 */
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('device_revocations_pairs')
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text', (c) => c.notNull())
    .addColumn('revoked_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_revocations_pair_pk', ['device_id', 'user_id'])
    .execute()
  await sql`
    insert into device_revocations_pairs (device_id, user_id, mode, revoked_at, revoked_by)
    select r.device_id, d.user_id, r.mode, r.revoked_at, r.revoked_by
    from device_revocations r join devices d on d.device_id = r.device_id
  `.execute(db)
  await db.schema.dropTable('device_revocations').execute()
  await db.schema.alterTable('device_revocations_pairs').renameTo('device_revocations').execute()
}
