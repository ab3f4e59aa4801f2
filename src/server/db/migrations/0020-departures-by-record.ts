/**
 * A record's departures found by its id (store/pull.ts): a pull sends a record that left
 * the user's sites once, at its latest, and leaves out a departure a later one of the
 * same record stands for. Without this index each departure of a page would read the
 * departures after it.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('record_departures_record')
    .on('record_departures')
    .columns(['record_id', 'seq'])
    .execute()
}
