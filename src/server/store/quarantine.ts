/** The quarantined records a viewer covers (all for an admin), newest first. */
import type { SessionUser } from '../../shared/schemas/auth'
import type { QuarantinedRecord } from '../../shared/schemas/quarantine'
import type { FieldError } from '../../shared/schemas/sync'
import type { Db } from '../db/open'

export async function listQuarantined(db: Db, viewer: SessionUser, limit = 1000): Promise<QuarantinedRecord[]> {
  if (viewer.role !== 'admin' && viewer.sites.length === 0) return []
  let query = db.selectFrom('quarantined_records').selectAll().orderBy('found_at', 'desc').orderBy('id').limit(limit)
  if (viewer.role !== 'admin') query = query.where('site_code', 'in', viewer.sites)
  return (await query.execute()).map((row) => ({
    recordId: row.record_id,
    entity: row.entity,
    siteCode: row.site_code,
    rev: row.rev,
    deviceId: row.device_id,
    userId: row.user_id,
    errors: JSON.parse(row.errors) as FieldError[],
    foundAt: row.found_at,
  }))
}
