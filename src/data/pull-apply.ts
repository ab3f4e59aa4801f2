/**
 * Stores pulled changes and the pull cursor in one transaction, cursor last: a crash
 * in between leaves the old cursor, and the next pull sends the same changes again.
 * A record with local changes not yet accepted (pending or rejected) is left alone;
 * the device's own version reaches the server and comes back merged. Nothing pulled is
 * dropped past the cursor: a version this app cannot use yet is held (held-changes.ts).
 */
import Dexie from 'dexie'
import type { Entity } from '@/shared/schemas/entities'
import type { PulledChange } from '@/shared/schemas/sync'
import { allRecordTables, recordTable, type RelaisDb } from './db'
import { clearRecordDrafts } from './drafts'
import { noteSealedFlowRow } from './flow-opened'
import type { HeldChangeRow } from './held-changes'
import { notePlainWrite } from './plain-writes'
import { keysOf } from './protect'
import { prepareChangeWith, type PreparedChange } from './pulled-change'
import type { LocalRecord, RecordRow } from './records'
import { isEntity } from './server-version'
import { isWatched, type WrittenRow } from './worker-writes'

export type { PreparedChange } from './pulled-change'

const CURSOR_KEY = 'syncCursor'

export interface PullSummary {
  stored: number
  deleted: number
  /** Kept local: the record has changes of its own waiting. */
  skipped: number
  /** Not usable by this version (unknown entity, data it cannot read): kept aside, not dropped. */
  held: number
}

export async function getPullCursor(db: RelaisDb): Promise<string | undefined> {
  const row = await db.meta.get(CURSOR_KEY)
  return typeof row?.value === 'string' ? row.value : undefined
}

/**
 * Forgets the cursor: the next pull starts from the beginning. For a cursor the server
 * no longer recognises (a database restored from a backup); pulling everything again is
 * safe, since a change at or below a record's stored rev changes nothing.
 */
export async function resetPullCursor(db: RelaisDb): Promise<void> {
  await db.meta.delete(CURSOR_KEY)
}

/** Parses and seals a change (WebCrypto inside a transaction would commit it early). */
export async function prepareChange(db: RelaisDb, change: PulledChange): Promise<PreparedChange> {
  const prepared = await prepareChangeWith(keysOf(db)?.dataKey ?? null, db.retentionDays, change)
  notePrepared(db, prepared)
  return prepared
}

/** A flow row sealed here is noted as sealed: Today need not decrypt it again (flow-opened.ts). */
function notePrepared(db: RelaisDb, prepared: PreparedChange): void {
  if (prepared.kind === 'store' && prepared.payload.enc)
    noteSealedFlowRow(
      db,
      prepared.change.entity as Entity,
      prepared.change.recordId,
      prepared.payload.enc.iv,
      prepared.data,
    )
}

/**
 * Applies one page of pulled changes, then stores its cursor. A new phone pulls tens of
 * thousands of records: each page is parsed and sealed in parallel before the
 * transaction, read in bulk (records, held versions, outbox entries of its records) and
 * written in bulk, a few IndexedDB requests per page rather than four per record.
 */
export async function applyPulledChanges(
  db: RelaisDb,
  changes: readonly PulledChange[],
  cursor: string,
): Promise<PullSummary> {
  return storePreparedPage(db, await preparePage(db, changes), cursor)
}

/**
 * Parses and seals a page of pulled changes, reading nothing stored: the pull prepares
 * the next page while the one before is being written (sync/pull-run.ts).
 */
export async function preparePage(db: RelaisDb, changes: readonly PulledChange[]): Promise<PreparedChange[]> {
  keysOf(db) // pulled changes are stored only while unlocked: throws LockedError otherwise
  return Promise.all(changes.map((change) => prepareChange(db, change)))
}

/** Stores a prepared page and then its cursor, in one transaction. */
export async function storePreparedPage(
  db: RelaisDb,
  prepared: readonly PreparedChange[],
  cursor: string,
): Promise<PullSummary> {
  return (await storePage(db, prepared, cursor)).summary
}

/**
 * Stores a prepared page and then its cursor, in one transaction, and answers what it
 * wrote of the rows the page's thread keeps track of (worker-writes.ts): a pull worker's
 * connection (pull-workers.ts) has none of the page's table watchers.
 */
export async function storePage(
  db: RelaisDb,
  prepared: readonly PreparedChange[],
  cursor: string,
): Promise<{ summary: PullSummary; written: WrittenRow[] }> {
  const summary: PullSummary = { stored: 0, deleted: 0, skipped: 0, held: 0 }
  keysOf(db) // locked since the page was prepared: nothing is stored
  let written: WrittenRow[] = []
  // drafts only for a page that deletes or brings a withdrawal of consent: a form's draft
  // writes need not wait for the others
  const drafts = prepared.some((item) => item.kind === 'delete' || bringsWithdrawal(item)) ? [db.drafts] : []
  await db.transaction('rw', [db.meta, db.outbox, db.heldChanges, ...drafts, ...allRecordTables(db)], async () => {
    const page = await PageState.read(db, prepared)
    for (const item of prepared) {
      const outcome = applyPrepared(page, item)
      if (outcome !== 'unchanged') summary[outcome] += 1
    }
    written = await page.write()
    await db.meta.put({ key: CURSOR_KEY, value: cursor })
  })
  return { summary, written }
}

type ApplyOutcome = keyof PullSummary | 'unchanged'
type HeldKey = [string, string]

const keyOf = (entity: string, recordId: string) => `${entity}\u0000${recordId}`

/**
 * The records and held versions a page touches, read once before it applies and written
 * once after: changes later in the page see the earlier ones (a page may hold a record
 * twice). Inside the pull's transaction.
 */
class PageState {
  private readonly rows = new Map<string, RecordRow | undefined>()
  private readonly held = new Map<string, HeldChangeRow | undefined>()
  private readonly changedRows = new Set<string>()
  /** rows in the table when the page was read: the others are added, which reads nothing first */
  private readonly existed = new Set<string>()
  /** the clear version of rows this page stores, for the table's watchers (plain-writes.ts) */
  private readonly plain = new Map<string, LocalRecord>()
  private readonly changedHeld = new Set<string>()
  /** Cases whose `consent_withdrawn` event this page brings: their drafts go (noteWithdrawal). */
  private readonly withdrawn = new Set<string>()

  private constructor(
    private readonly db: RelaisDb,
    /** Records with an outbox entry: their own version is on its way to the server. */
    private readonly queued: ReadonlySet<string>,
  ) {}

  static async read(db: RelaisDb, prepared: readonly PreparedChange[]): Promise<PageState> {
    const ids = [...new Set(prepared.map((item) => item.change.recordId))]
    const queued = new Set((await db.outbox.where('recordId').anyOf(ids).keys()).map(String))
    const page = new PageState(db, queued)
    // held versions are rare: their keys are read once, and only the page's are opened
    const held = new Set((await db.heldChanges.toCollection().primaryKeys()).map(([entity, id]) => keyOf(entity, id)))
    const heldKeys = uniqueBy(
      prepared.map(({ change }): HeldKey => [change.entity, change.recordId]),
      ([entity, id]) => keyOf(entity, id),
    ).filter(([entity, id]) => held.has(keyOf(entity, id)))
    const heldRows = heldKeys.length > 0 ? await db.heldChanges.bulkGet(heldKeys) : []
    heldKeys.forEach(([entity, id], i) => page.held.set(keyOf(entity, id), heldRows[i]))
    const byEntity = new Map<Entity, string[]>()
    for (const { change } of prepared)
      if (isEntity(change.entity)) listIn(byEntity, change.entity).push(change.recordId)
    for (const [entity, listed] of byEntity) {
      // one cursor over the page's ids finds the few that exist (a new phone: none), where
      // bulkGet would make one request per id
      const rows = (await recordTable(db, entity).where(':id').anyOf(listed).toArray()) as RecordRow[]
      for (const id of listed) page.rows.set(keyOf(entity, id), undefined)
      for (const row of rows) {
        page.rows.set(keyOf(entity, row.id), row)
        page.existed.add(keyOf(entity, row.id))
      }
    }
    return page
  }

  row(entity: Entity, recordId: string): RecordRow | undefined {
    return this.rows.get(keyOf(entity, recordId))
  }

  setRow(entity: Entity, recordId: string, row: RecordRow | undefined, plain?: LocalRecord): void {
    this.rows.set(keyOf(entity, recordId), row)
    this.changedRows.add(keyOf(entity, recordId))
    if (plain) this.plain.set(keyOf(entity, recordId), plain)
    else this.plain.delete(keyOf(entity, recordId))
  }

  heldVersion(entity: string, recordId: string): HeldChangeRow | undefined {
    return this.held.get(keyOf(entity, recordId))
  }

  setHeld(entity: string, recordId: string, row: HeldChangeRow | undefined): void {
    this.held.set(keyOf(entity, recordId), row)
    this.changedHeld.add(keyOf(entity, recordId))
  }

  /**
   * The person of case `registrationId` withdrew consent, recorded on another phone (or
   * by the server, for a case merged into theirs): what was half-typed here about them
   * goes, as on the phone that recorded it (case-actions.ts, withdrawConsent).
   */
  noteWithdrawal(registrationId: string): void {
    this.withdrawn.add(registrationId)
  }

  hasLocalChanges(recordId: string, row: RecordRow | undefined): boolean {
    return isLocallyChanged(row) || this.queued.has(recordId)
  }

  /** Writes the page's changed rows; answers those of the watched entities (worker-writes.ts). */
  async write(): Promise<WrittenRow[]> {
    const adds = new Map<Entity, RecordRow[]>()
    const puts = new Map<Entity, RecordRow[]>()
    const deletes = new Map<Entity, string[]>()
    const written: WrittenRow[] = []
    for (const key of this.changedRows) {
      const [entity, id] = key.split('\u0000') as [Entity, string]
      const row = this.rows.get(key)
      const existed = this.existed.has(key)
      if (!row && !existed) continue
      if (!row) listIn(deletes, entity).push(id)
      else listIn(existed ? puts : adds, entity).push(row)
      if (!isWatched(entity)) continue
      const plain = this.plain.get(key) // set with each row a page stores
      if (!row) written.push({ entity, id, op: 'delete' })
      else if (plain) written.push({ entity, id, op: existed ? 'put' : 'add', record: plain, iv: row.enc?.iv })
    }
    const transaction = Dexie.currentTransaction
    for (const key of this.changedRows) {
      const plain = this.plain.get(key)
      if (plain && this.rows.get(key)) notePlainWrite(transaction, plain)
    }
    // a put makes the table's watchers (the case index's hooks) read each row first; an add
    // does not, and this transaction alone writes these tables until it ends
    for (const [entity, rows] of adds) await recordTable(this.db, entity).bulkAdd(rows as RecordRow<typeof entity>[])
    for (const [entity, rows] of puts) await recordTable(this.db, entity).bulkPut(rows as RecordRow<typeof entity>[])
    for (const [entity, ids] of deletes) await recordTable(this.db, entity).bulkDelete(ids)
    // a record that leaves (a case transferred away, a record deleted) takes its drafts along,
    // and so does a case whose person withdrew consent
    await clearRecordDrafts(this.db, [...[...deletes.values()].flat(), ...this.withdrawn])
    const heldPuts: HeldChangeRow[] = []
    const heldDeletes: HeldKey[] = []
    for (const key of this.changedHeld) {
      const row = this.held.get(key)
      if (row) heldPuts.push(row)
      else heldDeletes.push(key.split('\u0000') as HeldKey)
    }
    if (heldPuts.length > 0) await this.db.heldChanges.bulkPut(heldPuts)
    if (heldDeletes.length > 0) await this.db.heldChanges.bulkDelete(heldDeletes)
    return written
  }
}

/** Applies one prepared change to the page's state. */
function applyPrepared(page: PageState, item: PreparedChange): ApplyOutcome {
  const { change } = item
  const held = page.heldVersion(change.entity, change.recordId)
  if (item.kind === 'delete' && held) page.setHeld(change.entity, change.recordId, undefined)
  if (!isEntity(change.entity)) {
    if (item.kind !== 'hold') return item.kind === 'delete' && held ? 'deleted' : 'unchanged'
    if (held && held.rev >= change.rev) return 'unchanged' // already holds it (or newer)
    page.setHeld(change.entity, change.recordId, item.held)
    return 'held'
  }
  const row = page.row(change.entity, change.recordId)
  if (page.hasLocalChanges(change.recordId, row)) return 'skipped'
  if (item.kind === 'delete') {
    if (!row) return held ? 'deleted' : 'unchanged'
    page.setRow(change.entity, change.recordId, undefined)
    return 'deleted'
  }
  if (row && row.syncedRev >= change.rev) return 'unchanged' // already have it (or newer)
  if (held && held.rev > change.rev) return 'unchanged' // a newer version waits, held
  if (item.kind === 'hold') {
    page.setHeld(change.entity, change.recordId, item.held)
    return 'held'
  }
  const clear = {
    id: change.recordId,
    entity: change.entity,
    syncedRev: change.rev,
    state: 'sent' as const,
    localUpdatedAt: updatedAtOf(change),
  }
  page.setRow(change.entity, change.recordId, { ...clear, ...item.payload }, { ...clear, data: item.data })
  if (held) page.setHeld(change.entity, change.recordId, undefined)
  if (!row && bringsWithdrawal(item)) page.noteWithdrawal((item.data as { registrationId: string }).registrationId)
  return 'stored'
}

/** Whether a pulled change is a case's `consent_withdrawn` event (its drafts go: PageState.noteWithdrawal). */
function bringsWithdrawal(item: PreparedChange): boolean {
  if (item.kind !== 'store' || item.change.entity !== 'caseEvent') return false
  const event = item.data as { kind?: unknown; registrationId?: unknown }
  return event.kind === 'consent_withdrawn' && typeof event.registrationId === 'string'
}

function listIn<K, V>(map: Map<K, V[]>, key: K): V[] {
  let list = map.get(key)
  if (!list) map.set(key, (list = []))
  return list
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>()
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item)
  return [...seen.values()]
}

const isLocallyChanged = (row: RecordRow | undefined) => row?.state === 'pending' || row?.state === 'rejected'

/**
 * Whether the record has changes of its own not yet accepted (pending, rejected, or an
 * outbox entry): a server version is not stored over them. Inside a transaction.
 */
export async function hasLocalChanges(db: RelaisDb, recordId: string, row: RecordRow | undefined): Promise<boolean> {
  if (isLocallyChanged(row)) return true
  return (await db.outbox.where('recordId').equals(recordId).count()) > 0
}

function updatedAtOf(change: PulledChange): string {
  const at = (change.data as { updatedAt?: unknown } | undefined)?.updatedAt
  return typeof at === 'string' ? at : new Date(0).toISOString()
}
