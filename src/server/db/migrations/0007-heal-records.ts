/**
 * Issue 7, "a hit database heals": the table listing records that no longer parse
 * (ids, site, device, errors; never content), then the re-validation of every stored
 * record (store/heal-records.ts), under the migrator's lock.
 */
import type { Kysely } from 'kysely'
import type { Database } from '../schema'
import { healStoredRecords } from '../../store/heal-records'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('quarantined_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text', (c) => c.notNull())
    // the rev that did not parse; the deletion that took it out of pulls is rev + 1
    .addColumn('rev', 'integer', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    // JSON: [{ path, code }]
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('found_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('quarantined_records_site').on('quarantined_records').column('site_code').execute()
  // the flow roll-up comes with 0014, which fills it from the healed records
  await healStoredRecords(db as unknown as Kysely<Database>, new Date(), { flowRollup: false })
}
