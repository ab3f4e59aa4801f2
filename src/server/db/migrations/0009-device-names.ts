/** The name a (device, user) pair was given at sign-in ("Tecno Aïcha"): two phones of one user told apart. */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('devices').addColumn('device_name', 'text').execute()
}
