/**
 * Applies the server's answers to a pushed batch: acknowledged entries leave the outbox,
 * rejected ones are parked, and each record takes the server's rev (and its data, when
 * the server sent it) unless the user changed the record again since.
 */
import { entityDataSchemas } from '@/shared/schemas/entities'
import type { FieldError, PushResult } from '@/shared/schemas/sync'
import { allRecordTables, recordTable, type RelaisDb } from './db'
import type { OutboxEntry } from './outbox-entry'
import type { LocalRecord, RecordState } from './records'

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

/** Applies a batch's results in one transaction, in request order. */
export async function applyPushResults(
  db: RelaisDb,
  entries: readonly OutboxEntry[],
  results: readonly PushResult[],
): Promise<AckSummary> {
  const bySent = new Map(entries.map((e) => [e.mutationId, e]))
  const summary: AckSummary = { answered: 0, rejected: 0 }
  await db.transaction('rw', [db.outbox, ...allRecordTables(db)], async () => {
    for (const result of results) {
      const entry = bySent.get(result.mutationId)
      if (!entry) continue // not ours (or answered twice): nothing to do
      const outcome = outcomeOf(result)
      summary.answered += 1
      if (outcome === 'rejected') {
        summary.rejected += 1
        const errors: FieldError[] = result.errors ?? []
        await db.outbox.where('mutationId').equals(entry.mutationId).modify({ status: 'parked', errors })
        if (!(await hasLaterEdit(db, entry))) await markRecord(db, entry, { state: 'rejected', errors })
        continue
      }
      await db.outbox.where('mutationId').equals(entry.mutationId).delete()
      // parked, older versions of this record are superseded by the one just accepted
      await db.outbox
        .where('recordId')
        .equals(entry.recordId)
        .filter((e) => e.status === 'parked' && (e.seq ?? 0) < (entry.seq ?? 0))
        .delete()
      // a later local edit is still queued: keep its newer data and the pending state;
      // its baseRev stays as it was (the server counts this device's own versions as its
      // own, and rebasing an edit onto a conflict's rev would overwrite the other side)
      if (await hasLaterEdit(db, entry)) continue
      await markRecord(db, entry, { state: outcome, rev: result.rev, data: result.data })
    }
  })
  return summary
}

async function hasLaterEdit(db: RelaisDb, entry: OutboxEntry): Promise<boolean> {
  const later = await db.outbox
    .where('recordId')
    .equals(entry.recordId)
    .filter((e) => e.status === 'queued' && (e.seq ?? 0) > (entry.seq ?? 0))
    .count()
  return later > 0
}

interface Mark {
  state: RecordState
  rev?: number
  data?: Record<string, unknown>
  errors?: FieldError[]
}

async function markRecord(db: RelaisDb, entry: OutboxEntry, mark: Mark): Promise<void> {
  const table = recordTable(db, entry.entity)
  const row = await table.get(entry.recordId)
  // the server's version replaces ours for merged, conflict and duplicate answers; data
  // that does not parse is not stored (parse at the edges), the rev still is
  const parsed = mark.data ? entityDataSchemas[entry.entity].safeParse(mark.data) : undefined
  const data = parsed?.success ? (parsed.data as LocalRecord['data']) : row?.data
  if (!data) return
  const next: LocalRecord = {
    id: entry.recordId,
    entity: entry.entity,
    data,
    syncedRev: mark.rev ?? row?.syncedRev ?? 0,
    state: mark.state,
    localUpdatedAt: row?.localUpdatedAt ?? data.updatedAt,
    ...(mark.errors ? { errors: mark.errors } : {}),
  }
  await table.put(next as LocalRecord<typeof entry.entity>)
}
