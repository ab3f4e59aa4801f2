/**
 * Work kept because its case moved (store/moved-case-work.ts): a refused record of a case
 * that was transferred, meanwhile, to a centre its author does not cover is kept, as work
 * at a lost site is, for a supervisor of wherever the case is now. `case_id` names that
 * case (the work's site is read from it when it is listed or decided, so that it follows
 * the case if it moves again); `sealed_text` holds its free text sealed apart, so that a
 * withdrawal of consent erases it without opening anything. Both stay empty for work at
 * a lost site and for work kept before this migration.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('lost_site_work').addColumn('case_id', 'text').execute()
  await db.schema.alterTable('lost_site_work').addColumn('sealed_text', 'text').execute()
  // a withdrawal of consent and a supervisor's list find the kept work of a case by its id
  await db.schema.createIndex('lost_site_work_case').on('lost_site_work').column('case_id').execute()
}
