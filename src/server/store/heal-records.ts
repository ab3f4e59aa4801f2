/**
 * A database hit before the schemas were strict heals (issue 7). Every stored current
 * version is parsed again with today's schemas (parse-record.ts):
 * - what the rules can normalise (text with invisible controls, untrimmed, not NFC)
 *   becomes a new rev written by the server, so that every device receives it;
 * - what cannot be parsed leaves the pull stream as a deletion and is listed for
 *   supervisors (quarantined_records: id, site, device, user and the errors; never its
 *   content).
 * Past versions and conflicts nested deeper than any record can be (the values that
 * overflowed the serializer) lose their data, so that no merge or list reads them again.
 * Runs once, as a migration (0007), under the migrator's lock and the change lock.
 */
import { randomUUID } from 'node:crypto'
import { jsonEqual } from '../../shared/json-equal'
import { parseRecordData } from '../../shared/schemas/parse-record'
import type { FieldError } from '../../shared/schemas/sync'
import { jsonTextDepth, RECORD_DATA_LIMITS } from '../../shared/text/json-limits'
import type { Db } from '../db/open'
import { ChangeSet } from './change-set'
import { inChangeTransaction, lockChangeSequence, type Trx } from './change-transaction'
import { SERVER_DEVICE_ID, type StoredRecord } from './records'

export interface HealReport {
  normalised: number
  quarantined: number
  /** Past versions and conflicts whose data was dropped for nesting too deep. */
  scrubbed: number
}

const CHUNK = 200
/** Stored versions read at a time when looking for data nested too deep. */
const SCRUB_PAGE = 1000

/**
 * `flowRollup: false` from migration 0007 only, which runs before the flow roll-up
 * exists (migration 0014 fills it from the healed records).
 */
export async function healStoredRecords(
  db: Db,
  now: Date = new Date(),
  { flowRollup = true }: { flowRollup?: boolean } = {},
): Promise<HealReport> {
  const report: HealReport = { normalised: 0, quarantined: 0, scrubbed: 0 }
  const ids = (await db.selectFrom('records').select('id').where('deleted', '=', 0).orderBy('seq').execute()).map(
    (row) => row.id,
  )
  for (let i = 0; i < ids.length; i += CHUNK) {
    await inChangeLock(db, async (trx) => {
      const changes = await ChangeSet.open(trx, trx, ids.slice(i, i + CHUNK), { flowRollup })
      for (const id of ids.slice(i, i + CHUNK)) {
        const record = await changes.record(id)
        if (record && !record.deleted) await healOne(trx, changes, record, now, report)
      }
      await changes.flush()
    })
  }
  report.scrubbed = await scrubTooDeep(db)
  return report
}

async function healOne(trx: Trx, changes: ChangeSet, record: StoredRecord, now: Date, report: HealReport) {
  const parsed = parseRecordData(record.entity, record.data)
  if (parsed.success && jsonEqual(parsed.data, record.data)) return
  const version = {
    entity: record.entity,
    recordId: record.id,
    siteCode: record.siteCode,
    rev: record.rev + 1,
    deviceId: SERVER_DEVICE_ID,
    userId: record.userId,
    mutationId: randomUUID(),
    at: now.toISOString(),
  }
  if (parsed.success) {
    changes.write({ ...version, data: parsed.data as Record<string, unknown> })
    report.normalised += 1
    return
  }
  changes.write({ ...version, data: null })
  await quarantine(trx, record, parsed.errors, now)
  report.quarantined += 1
}

async function quarantine(trx: Trx, record: StoredRecord, errors: FieldError[], now: Date): Promise<void> {
  await trx
    .insertInto('quarantined_records')
    .values({
      id: randomUUID(),
      record_id: record.id,
      entity: record.entity,
      site_code: record.siteCode,
      rev: record.rev,
      device_id: record.deviceId,
      user_id: record.userId,
      // the first few errors are enough to tell what was wrong; paths and codes only
      errors: JSON.stringify(errors.slice(0, 20).map(({ path, code }) => ({ path: path.slice(0, 10), code }))),
      found_at: now.toISOString(),
    })
    .execute()
}

/**
 * Drops the data of past versions and conflicts nested deeper than any record can be.
 * Read a page at a time (keyset on the primary key): a server's history can be far
 * larger than its memory.
 */
async function scrubTooDeep(db: Db): Promise<number> {
  const tooDeep = (text: string | null) => text !== null && jsonTextDepth(text) > RECORD_DATA_LIMITS.maxDepth
  let scrubbed = 0
  for (let after = { recordId: '', rev: 0 }; ;) {
    const page = await db
      .selectFrom('record_versions')
      .select(['record_id', 'rev', 'data'])
      .where((eb) =>
        eb.or([
          eb('record_id', '>', after.recordId),
          eb.and([eb('record_id', '=', after.recordId), eb('rev', '>', after.rev)]),
        ]),
      )
      .orderBy('record_id')
      .orderBy('rev')
      .limit(SCRUB_PAGE)
      .execute()
    for (const row of page.filter((v) => tooDeep(v.data))) {
      await db
        .updateTable('record_versions')
        .set({ data: null })
        .where('record_id', '=', row.record_id)
        .where('rev', '=', row.rev)
        .execute()
      scrubbed += 1
    }
    const last = page.at(-1)
    if (!last || page.length < SCRUB_PAGE) break
    after = { recordId: last.record_id, rev: last.rev }
  }
  for (let after = ''; ;) {
    const page = await db
      .selectFrom('conflicts')
      .select(['id', 'data'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(SCRUB_PAGE)
      .execute()
    for (const row of page.filter((c) => tooDeep(c.data))) {
      await db
        .updateTable('conflicts')
        .set({ data: null, status: 'resolved', resolution: 'server', resolved_at: new Date().toISOString() })
        .where('id', '=', row.id)
        .execute()
      scrubbed += 1
    }
    const last = page.at(-1)
    if (!last || page.length < SCRUB_PAGE) break
    after = last.id
  }
  return scrubbed
}

/** A change transaction, or, inside a migration's open transaction, the change lock alone. */
async function inChangeLock(db: Db, work: (trx: Trx) => Promise<void>): Promise<void> {
  if (db.isTransaction) {
    const trx = db as Trx
    await lockChangeSequence(trx)
    return work(trx)
  }
  return inChangeTransaction(db, work)
}
