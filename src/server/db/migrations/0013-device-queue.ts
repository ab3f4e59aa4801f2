/**
 * What else waits on each (device, user) pair's phone, as its last push said (issue 9,
 * Devices): the records needing attention there, and when the oldest change still
 * waiting was saved. Null until an app that reports them pushes.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('attention', 'integer').execute()
  await db.schema.alterTable('devices').addColumn('oldest_unsent_at', 'text').execute()
}
