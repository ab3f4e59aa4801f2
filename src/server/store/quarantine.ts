/**
 * The quarantined records a viewer covers (all for an admin), newest first: ids, site,
 * phone, author and errors, never the content that no longer reads. What each is about
 * (problem-subjects.ts) takes from that version only ids, times and codes.
 */
import type { SessionUser } from '../../shared/schemas/auth'
import type { QuarantinedRecord } from '../../shared/schemas/quarantine'
import type { FieldError } from '../../shared/schemas/sync'
import type { Db } from '../db/open'
import { problemSubjects } from './problem-subjects'
import { parseData } from './records'

export async function listQuarantined(db: Db, viewer: SessionUser, limit = 1000): Promise<QuarantinedRecord[]> {
  if (viewer.role !== 'admin' && viewer.sites.length === 0) return []
  let query = db
    .selectFrom('quarantined_records')
    .leftJoin('devices', (join) =>
      join
        .onRef('devices.device_id', '=', 'quarantined_records.device_id')
        .onRef('devices.user_id', '=', 'quarantined_records.user_id'),
    )
    // the version that failed; its data may be gone (past versions are scrubbed or expire)
    .leftJoin('record_versions', (join) =>
      join
        .onRef('record_versions.record_id', '=', 'quarantined_records.record_id')
        .onRef('record_versions.rev', '=', 'quarantined_records.rev'),
    )
    .selectAll('quarantined_records')
    .select(['devices.device_name', 'record_versions.data'])
    .orderBy('quarantined_records.found_at', 'desc')
    .orderBy('quarantined_records.id')
    .limit(limit)
  if (viewer.role !== 'admin') query = query.where('quarantined_records.site_code', 'in', viewer.sites)
  const rows = await query.execute()
  const subjects = await problemSubjects(
    db,
    viewer,
    rows.map((row) => ({
      entity: row.entity,
      recordId: row.record_id,
      siteCode: row.site_code,
      data: readJson(row.data),
      readable: false,
    })),
  )
  return rows.map((row, i) => ({
    recordId: row.record_id,
    entity: row.entity,
    siteCode: row.site_code,
    rev: row.rev,
    deviceId: row.device_id,
    deviceName: row.device_name ?? null,
    userId: row.user_id,
    errors: JSON.parse(row.errors) as FieldError[],
    foundAt: row.found_at,
    subject: subjects[i],
  }))
}

/** An unreadable version's data as an object, or null when it is not one. */
function readJson(text: string | null): Record<string, unknown> | null {
  try {
    const data = parseData(text)
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? data : null
  } catch {
    return null
  }
}
