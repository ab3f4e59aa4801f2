/**
 * Refused records for supervisors (store/rejections.ts): one row per mutation a push
 * answered `rejected`, with its ids, site, device, author and errors, never its data.
 * Open while `closed_at` is null: closed when the same device and user get the record
 * accepted, or discard their change.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rejections')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mutation_id', 'text', (c) => c.notNull().unique())
    .addColumn('record_id', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text')
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    // JSON: [{ path, code }]
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('rejected_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    // 'accepted' | 'discarded'
    .addColumn('closed_how', 'text')
    .execute()
  await db.schema.createIndex('rejections_open').on('rejections').columns(['closed_at', 'rejected_at']).execute()
  await db.schema.createIndex('rejections_record').on('rejections').columns(['record_id', 'user_id']).execute()
}
