/**
 * Data protection on the server: push-only tokens (a `kind` per token), the audit log,
 * and an index for the history retention job (store/retention.ts).
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  // 'full' for the sign-in token, 'push' for the push-only credential
  await db.schema
    .alterTable('tokens')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('full'))
    .execute()

  await db.schema
    .createTable('audit_log')
    // a UUIDv7: ordered by time, so it is also the page cursor
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('device_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('details', 'text')
    .execute()
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute()

  await db.schema.createIndex('record_versions_time').on('record_versions').column('server_time').execute()
}
