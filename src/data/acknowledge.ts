/**
 * Applies the server's answers to a pushed batch: acknowledged entries leave the outbox,
 * rejected ones are parked, and each record takes the server's rev (and its data, when
 * the server sent it) unless the user changed the record again since. A record kept for
 * the centre its case moved to leaves the phone once accepted there (moved-case-work.ts).
 */
import type { Entity } from '@/shared/schemas/entities'
import type { FieldError, PushResult } from '@/shared/schemas/sync'
import { allRecordTables, recordTable, type RelaisDb } from './db'
import { clearRecordDrafts } from './drafts'
import { heldVersion, sealHeld, type HeldChangeRow } from './held-changes'
import { leavesWithDecision } from './moved-case-work'
import type { OutboxEntry } from './outbox-entry'
import { isReadable } from './protect'
import { clearPart, encodePayload, payloadOf, type RecordPayload, type RecordRow, type RecordState } from './records'
import { decodeServerVersion } from './server-version'

export interface AckSummary {
  /** Entries the server answered (acknowledged or rejected): they are done. */
  answered: number
  rejected: number
}

/** What an answer means for its entry; a duplicate stands for its first answer. */
function outcomeOf(result: PushResult): 'sent' | 'conflict' | 'rejected' {
  const status = result.status === 'duplicate' ? (result.was ?? 'duplicate') : result.status
  if (status === 'rejected') return 'rejected'
  return status === 'conflict' ? 'conflict' : 'sent'
}

/**
 * Applies a batch's results in one transaction, in request order. The outbox entries and
 * records the batch touches are read in bulk, the answers applied to that snapshot one by
 * one, and the outcome written back in bulk: a 500-entry batch costs a handful of
 * IndexedDB requests instead of a few thousand (seconds on a low-end phone).
 */
export async function applyPushResults(
  db: RelaisDb,
  entries: readonly OutboxEntry[],
  results: readonly PushResult[],
): Promise<AckSummary> {
  const bySent = new Map(entries.map((e) => [e.mutationId, e]))
  const summary: AckSummary = { answered: 0, rejected: 0 }
  // the server's versions are parsed and encrypted before the transaction; a locked
  // device cannot store them (and a push-only answer carries none)
  const payloads = new Map<string, RecordPayload>()
  const holds: HeldChangeRow[] = []
  const readable = isReadable(db)
  for (const result of results) {
    const entry = bySent.get(result.mutationId)
    if (!entry || !result.data || !readable) continue
    // a newer server's version: its unknown fields are kept beside the data; one this
    // version cannot read is held (the rev is still stored), never dropped
    const version = decodeServerVersion(entry.entity, entry.recordId, result.data)
    if (version.usable) {
      payloads.set(result.mutationId, await encodePayload(db, entry.entity, version.data, version.unknownFields))
    } else if (result.rev !== undefined) {
      const change = { entity: entry.entity, recordId: entry.recordId, rev: result.rev, data: result.data }
      holds.push(await sealHeld(db, change, version.reason))
    }
  }
  await db.transaction('rw', [db.outbox, db.heldChanges, db.drafts, ...allRecordTables(db)], async () => {
    for (const held of holds) {
      const current = await heldVersion(db, held.entity, held.recordId)
      if (!current || current.rev < held.rev) await db.heldChanges.put(held)
    }
    const snapshot = await Snapshot.read(db, entries)
    for (const result of results) {
      const entry = bySent.get(result.mutationId)
      if (!entry) continue // not ours (or answered twice): nothing to do
      const outcome = outcomeOf(result)
      summary.answered += 1
      if (outcome === 'rejected') {
        summary.rejected += 1
        const errors: FieldError[] = result.errors ?? []
        snapshot.park(entry.mutationId, errors)
        if (!snapshot.hasLaterEdit(entry)) snapshot.markRecord(entry, { state: 'rejected', errors })
        continue
      }
      snapshot.remove(entry.mutationId)
      // parked, older versions of this record are superseded by the one just accepted
      snapshot.removeParkedBefore(entry)
      // a later local edit is still queued: keep its newer data and the pending state;
      // its baseRev stays as it was (the server counts this device's own versions as its
      // own, and rebasing an edit onto a conflict's rev would overwrite the other side)
      if (snapshot.hasLaterEdit(entry)) continue
      // work kept for the centre its case moved to, accepted there: it leaves (moved-case-work.ts)
      if (leavesWithDecision(entry, result) && snapshot.forget(entry)) continue
      const payload = payloads.get(result.mutationId)
      // a server's version other than ours that this device did not store: keep the old
      // rev, so that the next pull brings it
      snapshot.markRecord(entry, { state: outcome, rev: unstored(result, readable) ? undefined : result.rev, payload })
    }
    await snapshot.write(db)
  })
  return summary
}

/**
 * Whether the server holds, at the answer's rev, a version other than the device's that
 * the device has not stored: one the answer carried while the device was locked, or one
 * a push-only answer only names (a merge, a conflict, `changed`: text the server cleaned).
 */
function unstored(result: PushResult, readable: boolean): boolean {
  const status = result.status === 'duplicate' ? result.was : result.status
  const otherThanSent = status === 'merged' || status === 'conflict' || result.changed === true
  return result.data === undefined ? otherThanSent : !readable
}

interface Mark {
  state: RecordState
  rev?: number
  payload?: RecordPayload
  errors?: FieldError[]
}

/** The outbox entries and records of a batch's records, changed in memory, then written once. */
class Snapshot {
  private readonly removed = new Set<number>()
  private readonly changedEntries = new Set<number>()
  private readonly changedRecords = new Map<string, RecordRow>()
  private readonly forgotten = new Map<string, [Entity, string]>()
  private readonly seqOf = new Map<string, number>()
  private readonly seqsOfRecord = new Map<string, number[]>()

  private constructor(
    /** Every outbox entry of the batch's records (sent or not), by seq. */
    private readonly outbox: Map<number, OutboxEntry>,
    private readonly records: Map<string, RecordRow>,
  ) {
    for (const [seq, e] of outbox) {
      this.seqOf.set(e.mutationId, seq)
      this.seqsOfRecord.set(e.recordId, [...(this.seqsOfRecord.get(e.recordId) ?? []), seq]) // a few per record
    }
  }

  static async read(db: RelaisDb, entries: readonly OutboxEntry[]): Promise<Snapshot> {
    const recordIds = [...new Set(entries.map((e) => e.recordId))]
    const related = await db.outbox.where('recordId').anyOf(recordIds).toArray()
    const records = new Map<string, RecordRow>()
    const byEntity = new Map<Entity, Set<string>>()
    for (const e of entries) byEntity.set(e.entity, (byEntity.get(e.entity) ?? new Set()).add(e.recordId))
    for (const [entity, ids] of byEntity) {
      const keys = [...ids]
      const rows = await recordTable(db, entity).bulkGet(keys)
      rows.forEach((row, i) => row && records.set(recordKey(entity, keys[i] as string), row))
    }
    return new Snapshot(new Map(related.map((e) => [e.seq ?? 0, e])), records)
  }

  private find(mutationId: string): OutboxEntry | undefined {
    const seq = this.seqOf.get(mutationId)
    return seq === undefined ? undefined : this.outbox.get(seq)
  }

  private ofRecord(recordId: string): OutboxEntry[] {
    const seqs = this.seqsOfRecord.get(recordId) ?? []
    return seqs.flatMap((seq) => this.outbox.get(seq) ?? [])
  }

  park(mutationId: string, errors: FieldError[]): void {
    const entry = this.find(mutationId)
    if (!entry) return
    const seq = entry.seq ?? 0
    this.outbox.set(seq, { ...entry, status: 'parked', errors })
    this.changedEntries.add(seq)
  }

  remove(mutationId: string): void {
    const entry = this.find(mutationId)
    if (entry) this.drop(entry.seq ?? 0)
  }

  removeParkedBefore(entry: OutboxEntry): void {
    for (const e of this.ofRecord(entry.recordId)) {
      if (e.status === 'parked' && (e.seq ?? 0) < (entry.seq ?? 0)) this.drop(e.seq ?? 0)
    }
  }

  private drop(seq: number): void {
    this.outbox.delete(seq)
    this.changedEntries.delete(seq)
    this.removed.add(seq)
  }

  hasLaterEdit(entry: OutboxEntry): boolean {
    return this.ofRecord(entry.recordId).some((e) => e.status !== 'parked' && (e.seq ?? 0) > (entry.seq ?? 0))
  }

  markRecord(entry: OutboxEntry, mark: Mark): void {
    const key = recordKey(entry.entity, entry.recordId)
    const row = this.records.get(key)
    if (!row) return // erased since (a wipe, a reset vault): nothing to mark
    // only clear fields change, unless the server's version (already sealed) replaces ours
    const { errors: _old, ...clear } = clearPart(row)
    const next: RecordRow = {
      ...clear,
      ...(mark.payload ?? payloadOf(row)),
      syncedRev: mark.rev ?? row.syncedRev,
      state: mark.state,
      ...(mark.errors ? { errors: mark.errors } : {}),
    }
    this.records.set(key, next)
    this.changedRecords.set(key, next)
  }

  /** Removes the record of `entry` from the phone (its drafts too), when no other change of it waits; answers whether it did. */
  forget(entry: OutboxEntry): boolean {
    if (this.ofRecord(entry.recordId).length > 0) return false
    const key = recordKey(entry.entity, entry.recordId)
    this.records.delete(key)
    this.changedRecords.delete(key)
    this.forgotten.set(key, [entry.entity, entry.recordId])
    return true
  }

  async write(db: RelaisDb): Promise<void> {
    if (this.removed.size > 0) await db.outbox.bulkDelete([...this.removed])
    for (const [entity, id] of this.forgotten.values()) {
      await recordTable(db, entity).delete(id)
      await db.heldChanges.delete([entity, id])
    }
    await clearRecordDrafts(
      db,
      [...this.forgotten.values()].map(([, id]) => id),
    )
    const changed = [...this.changedEntries].map((seq) => this.outbox.get(seq) as OutboxEntry)
    if (changed.length > 0) await db.outbox.bulkPut(changed)
    const byEntity = new Map<Entity, RecordRow[]>()
    for (const r of this.changedRecords.values()) {
      const rows = byEntity.get(r.entity) ?? []
      rows.push(r)
      byEntity.set(r.entity, rows)
    }
    for (const [entity, rows] of byEntity) await recordTable(db, entity).bulkPut(rows as RecordRow<typeof entity>[])
  }
}

function recordKey(entity: Entity, id: string): string {
  return `${entity}:${id}`
}
