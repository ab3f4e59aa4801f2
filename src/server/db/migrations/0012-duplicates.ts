/**
 * Issue 9, possible duplicate persons (store/duplicates.ts): the merges supervisors made
 * (and undid), every record each merge touched — the survivor, the merged case, the
 * assistance, referrals and case events it re-pointed, the timeline entry it wrote —
 * whose history retention keeps whole, and the pairs marked "not the same person".
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('merges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('site_code', 'text', (c) => c.notNull())
    .addColumn('keep_id', 'text', (c) => c.notNull())
    .addColumn('merge_id', 'text', (c) => c.notNull())
    .addColumn('merged_by', 'text', (c) => c.notNull())
    .addColumn('merged_at', 'text', (c) => c.notNull())
    // JSON: the survivor's fields the merge changed, with their values before it
    .addColumn('keep_before', 'text', (c) => c.notNull())
    .addColumn('undone_by', 'text')
    .addColumn('undone_at', 'text')
    .execute()
  await db.schema.createIndex('merges_merge_id').on('merges').columns(['merge_id', 'undone_at']).execute()
  await db.schema.createIndex('merges_merged_at').on('merges').columns(['merged_at']).execute()

  await db.schema
    .createTable('merge_records')
    .addColumn('merge_row', 'text', (c) => c.notNull())
    .addColumn('record_id', 'text', (c) => c.notNull())
    // 'keep' | 'merged' | 'moved' | 'event'
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('merge_records_pk', ['merge_row', 'record_id'])
    .execute()
  await db.schema.createIndex('merge_records_record').on('merge_records').columns(['record_id']).execute()

  await db.schema
    .createTable('distinct_pairs')
    // the two registration ids in text order: one row per pair
    .addColumn('a_id', 'text', (c) => c.notNull())
    .addColumn('b_id', 'text', (c) => c.notNull())
    .addColumn('marked_by', 'text', (c) => c.notNull())
    .addColumn('marked_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('distinct_pairs_pk', ['a_id', 'b_id'])
    .execute()
}
