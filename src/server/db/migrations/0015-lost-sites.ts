/**
 * Issue 9, access follows the user (store/lost-site-work.ts): which sites each user
 * lost and when (an admin took them away), and the refused work a user sent to a site
 * they had lost, kept sealed to the server's key for a supervisor of that site to accept
 * or discard. Nothing to fill: a site taken away before this migration has no history,
 * and work refused before it was never kept.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('user_lost_sites')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('site_code', 'text', (c) => c.notNull())
    // when the user last lost the site
    .addColumn('until', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_lost_sites_pk', ['user_id', 'site_code'])
    .execute()
  await db.schema
    .createTable('lost_site_work')
    .addColumn('rejection_id', 'text', (c) => c.primaryKey())
    .addColumn('mutation_id', 'text', (c) => c.notNull().unique())
    // the server key the mutation is sealed to, and the sealed JSON (sealed-batch.ts, v1)
    .addColumn('kid', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .addColumn('kept_at', 'text', (c) => c.notNull())
    .execute()
}
