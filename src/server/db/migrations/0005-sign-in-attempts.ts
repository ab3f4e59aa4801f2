/**
 * Sign-in limits in the database (auth/rate-limit.ts): one row per key an attempt
 * holds, its username (lower-cased) and its address, taken before the password hash
 * is checked. A good sign-in deletes its username's rows and its own address row;
 * the others count until they leave the window, and the retention job then deletes them.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sign_in_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // both rows of one attempt share it, so that a good sign-in releases its own address row
    .addColumn('attempt_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sign_in_attempts_key').on('sign_in_attempts').columns(['kind', 'value', 'at']).execute()
  await db.schema.createIndex('sign_in_attempts_attempt').on('sign_in_attempts').column('attempt_id').execute()
  await db.schema.createIndex('sign_in_attempts_at').on('sign_in_attempts').column('at').execute()
}
