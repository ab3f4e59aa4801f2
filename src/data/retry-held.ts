/**
 * Gives what this device kept from a newer server another chance, at unlock and after an
 * update of the app (which always reloads, so always goes through unlock): a newer
 * version may know the entity or the fields an older one did not.
 * - Held changes that now parse are stored like pulled changes: a record with changes of
 *   its own waiting is left alone (its held version stays), a held version older than
 *   the stored one goes, the rest stay held.
 * - After an update, records that kept unknown fields are read again, so that a field the
 *   app now knows moves into the record's data (and shows).
 */
import { allRecordTables, recordTable, type RelaisDb } from './db'
import { dropHeld, heldVersion, listHeld, openHeld, type HeldChangeRow } from './held-changes'
import { keysOf } from './protect'
import { hasLocalChanges } from './pull-apply'
import {
  clearPart,
  decodeRecord,
  encodePayload,
  openUnknownFields,
  type RecordPayload,
  type RecordRow,
} from './records'
import { decodeServerVersion, isEntity } from './server-version'

const VERSION_KEY = 'appVersionSeen'

export interface RetrySummary {
  /** Held changes now stored as records. */
  applied: number
  /** Held changes older than the version stored since: gone. */
  superseded: number
  /** Still held. */
  held: number
  /** Records whose unknown fields this version now reads (after an update only). */
  reread: number
}

/**
 * Retries the held changes; when `appVersion` differs from the one seen last, reads the
 * records' unknown fields again first. Throws LockedError while locked.
 */
export async function retryHeldChanges(db: RelaisDb, opts: { appVersion?: string } = {}): Promise<RetrySummary> {
  keysOf(db)
  const summary: RetrySummary = { applied: 0, superseded: 0, held: 0, reread: 0 }
  const seen = (await db.meta.get(VERSION_KEY))?.value
  const updated = opts.appVersion !== undefined && seen !== opts.appVersion
  let complete = true
  if (updated) ({ reread: summary.reread, complete } = await rereadUnknownFields(db))
  // parse and seal before the transaction (WebCrypto inside one commits it)
  const ready: { row: HeldChangeRow; payload?: RecordPayload; updatedAt?: string }[] = []
  for (const row of await listHeld(db)) {
    if (!isEntity(row.entity)) continue
    const change = await openHeld(db, row)
    const version = decodeServerVersion(change.entity, change.recordId, change.data)
    if (!version.usable) ready.push({ row })
    else {
      const payload = await encodePayload(db, version.entity, version.data, version.unknownFields)
      ready.push({ row, payload, updatedAt: version.data.updatedAt })
    }
  }
  await db.transaction('rw', [db.outbox, db.heldChanges, ...allRecordTables(db)], async () => {
    for (const { row, payload, updatedAt } of ready) {
      const current = await heldVersion(db, row.entity, row.recordId)
      if (!current || current.rev !== row.rev || !isEntity(row.entity)) continue // replaced or removed since
      const table = recordTable(db, row.entity)
      const record = await table.get(row.recordId)
      if (record && record.syncedRev > row.rev) {
        await dropHeld(db, row.entity, row.recordId)
        summary.superseded += 1
        continue
      }
      if (!payload || (await hasLocalChanges(db, row.recordId, record))) continue
      const next: RecordRow = {
        id: row.recordId,
        entity: row.entity,
        ...payload,
        syncedRev: row.rev,
        state: 'sent',
        localUpdatedAt: updatedAt ?? new Date(0).toISOString(),
      }
      await table.put(next as RecordRow<typeof row.entity>)
      await dropHeld(db, row.entity, row.recordId)
      summary.applied += 1
    }
  })
  summary.held = await db.heldChanges.count()
  if (updated && complete) await db.meta.put({ key: VERSION_KEY, value: opts.appVersion })
  return summary
}

/**
 * Reads each record's unknown fields again with this version's schemas: `reread` records
 * changed; not `complete` when a record changed meanwhile (the next retry reads it).
 */
async function rereadUnknownFields(db: RelaisDb): Promise<{ reread: number; complete: boolean }> {
  const updates: { before: RecordRow; payload: RecordPayload }[] = []
  for (const table of allRecordTables(db)) {
    const rows = (await table
      .filter((r: RecordRow) => r.unknownEnc !== undefined || r.unknownFields !== undefined)
      .toArray()) as RecordRow[]
    for (const row of rows) {
      const unknown = (await openUnknownFields(db, row)) ?? {}
      const { data } = await decodeRecord(db, row)
      const version = decodeServerVersion(row.entity, row.id, { ...unknown, ...data })
      if (!version.usable) continue
      const left = Object.keys(version.unknownFields ?? {}).length
      if (left === Object.keys(unknown).length) continue // still none of them known
      const payload = await encodePayload(db, version.entity, version.data, version.unknownFields)
      updates.push({ before: row, payload })
    }
  }
  let reread = 0
  await db.transaction('rw', allRecordTables(db), async () => {
    for (const { before, payload } of updates) {
      const table = recordTable(db, before.entity)
      const now = await table.get(before.id)
      // its data changed since it was read (a save, a pull, an answer): read again next time
      if (!now || now.localUpdatedAt !== before.localUpdatedAt || now.syncedRev !== before.syncedRev) continue
      await table.put({ ...clearPart(now), ...payload } as RecordRow<typeof before.entity>)
      reread += 1
    }
  })
  return { reread, complete: reread === updates.length }
}
