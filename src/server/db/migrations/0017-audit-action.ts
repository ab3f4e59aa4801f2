/**
 * The audit log read by action (GET /api/v1/audit?action=…, the admin's audit screen):
 * a page of a rare action (exports, say) among a year of sync reads is found through
 * this index, newest first, without reading back through every entry.
 */
import type { Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'id']).execute()
}
