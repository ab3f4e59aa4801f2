/**
 * Conflict resolution and exactly-once history: who resolved a conflict, how and when;
 * the device's clock of the incoming change; and one history row per mutation at most
 * (a unique index, so that even two server processes racing on one PostgreSQL
 * database cannot apply a mutation twice). One column per ALTER: SQLite takes no more.
 */
import type { Kysely } from 'kysely'

const CONFLICT_COLUMNS = [
  ['device_at', 'text'],
  ['resolution', 'text'],
  ['resolved_by', 'text'],
  ['resolved_at', 'text'],
  ['resolved_rev', 'integer'],
] as const

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, type] of CONFLICT_COLUMNS) {
    await db.schema.alterTable('conflicts').addColumn(name, type).execute()
  }
  await db.schema.createIndex('conflicts_status').on('conflicts').columns(['status', 'created_at']).execute()
  await db.schema.createIndex('record_versions_mutation').on('record_versions').column('mutation_id').unique().execute()
}
