/**
 * Every write to `registrations` (a save, a pull, a sync answer, a purge) passes the
 * table's hooks before it commits: this notes what each write did to each case, and hands
 * the list over once the write has committed (nothing when it aborts). A sync answer that
 * changes only a case's state is told apart from a change of its data, so that the case
 * index applies it without decrypting the case. A pull worker's pages, written through
 * its own connection where these hooks do not run, are told the same way once committed
 * (data/worker-writes.ts).
 */
import type { RelaisDb } from '@/data/db'
import { plainWriteOf } from '@/data/plain-writes'
import { watchWorkerWrites, type WrittenRow } from '@/data/worker-writes'
import type { LocalRecord, RecordRow, RecordState } from '@/data/records'
import type { FieldError } from '@/shared/schemas/sync'

export type CaseChange =
  /**
   * the case's data may have changed: read it again, unless the writer left it in clear
   * (`record`, plain-writes.ts); `unseen` when the next unlock could not tell
   */
  | { id: string; kind: 'data'; unseen: boolean; record?: LocalRecord<'registration'> }
  /** only the sync state changed */
  | { id: string; kind: 'sync'; state: RecordState; errors: FieldError[] | undefined }
  | { id: string; kind: 'deleted' }

interface Writer {
  on(eventName: 'complete' | 'abort', subscriber: () => unknown): void
}

export interface WatchOptions {
  /** whether the next unlock sees a row changed with this localUpdatedAt (past the snapshot's stamp) */
  seenLater(localUpdatedAt: string): boolean
  /** whether the stored snapshot may hold a case of this id */
  mayHold(id: string): boolean
  /** a write touching these cases committed */
  committed(changes: CaseChange[]): void
  /** a write touching registrations began (its changes come with `committed`) or ended */
  writing(open: boolean): void
}

/** Fields of a row that change without its sealed data (a sync answer, the retention date). */
const CLEAR_FIELDS = new Set(['state', 'errors', 'syncedRev', 'purgeAfter'])

/**
 * Watches the registrations table, and the cases a pull worker stores through its own
 * connection (data/worker-writes.ts); returns the function that stops it.
 */
export function watchCases(db: RelaisDb, options: WatchOptions): () => void {
  const table = db.registrations
  const open = new WeakMap<object, CaseChange[]>()
  const note = (writer: Writer, change: CaseChange) => {
    const changes = open.get(writer)
    if (changes) return void changes.push(change)
    open.set(writer, [change])
    options.writing(true)
    writer.on('complete', () => {
      options.writing(false)
      options.committed(open.get(writer) ?? [])
      open.delete(writer)
    })
    writer.on('abort', () => {
      options.writing(false)
      open.delete(writer)
    })
  }
  const dataChange = (writer: Writer, id: string, unseen: boolean): CaseChange => {
    const record = plainWriteOf(writer, 'registration', id) as LocalRecord<'registration'> | undefined
    return record ? { id, kind: 'data', unseen, record } : { id, kind: 'data', unseen }
  }
  const creating = (key: string, row: RecordRow<'registration'>, writer: Writer) => {
    const id = key ?? row.id
    note(writer, dataChange(writer, id, !options.seenLater(row.localUpdatedAt) && options.mayHold(id)))
  }
  const updating = (changes: object, id: string, row: RecordRow<'registration'>, writer: Writer) => {
    const changed = changes as Record<string, unknown>
    if (sameData(changed, row)) {
      const state = 'state' in changed ? (changed.state as RecordState) : row.state
      const errors = 'errors' in changed ? (changed.errors as FieldError[] | undefined) : row.errors
      return void note(writer, { id, kind: 'sync', state, errors })
    }
    const after = 'localUpdatedAt' in changed ? String(changed.localUpdatedAt) : row.localUpdatedAt
    note(writer, dataChange(writer, id, !options.seenLater(after)))
  }
  const deleting = (id: string, _row: unknown, writer: Writer) => note(writer, { id, kind: 'deleted' })
  /** A worker's page, told once it has committed: the same changes its writes would have noted here. */
  const writtenElsewhere = (rows: WrittenRow[]) => {
    const changes = rows.map((row): CaseChange => {
      if (row.op === 'delete') return { id: row.id, kind: 'deleted' }
      const record = row.record as LocalRecord<'registration'>
      const unseen = !options.seenLater(record.localUpdatedAt) && (row.op === 'put' || options.mayHold(row.id))
      return { id: row.id, kind: 'data', unseen, record }
    })
    options.committed(changes)
  }
  table.hook('creating', creating)
  table.hook('updating', updating)
  table.hook('deleting', deleting)
  const unwatchWorker = watchWorkerWrites(db, 'registration', writtenElsewhere)
  return () => {
    unwatchWorker()
    table.hook.creating.unsubscribe(creating)
    table.hook.updating.unsubscribe(updating)
    table.hook.deleting.unsubscribe(deleting)
  }
}

/**
 * Whether an update leaves the sealed data as it was. Dexie reports the sealed value's
 * arrays as changed whenever they are new copies: the same IV (random per sealing) is
 * the same sealing.
 */
function sameData(changes: Record<string, unknown>, before: RecordRow<'registration'>): boolean {
  for (const key of Object.keys(changes)) {
    if (CLEAR_FIELDS.has(key)) continue
    if (key === 'enc.iv' && sameBytes(changes[key], before.enc?.iv)) continue
    if (key === 'enc.ct' && sameLength(changes[key], before.enc?.ct)) continue
    return false
  }
  return true
}

function sameLength(a: unknown, b: ArrayLike<number> | undefined): boolean {
  return b !== undefined && typeof a === 'object' && a !== null && (a as ArrayLike<number>).length === b.length
}

function sameBytes(a: unknown, b: ArrayLike<number> | undefined): boolean {
  if (!b || !sameLength(a, b)) return false
  const bytes = a as ArrayLike<number>
  for (let i = 0; i < b.length; i++) if (bytes[i] !== b[i]) return false
  return true
}
