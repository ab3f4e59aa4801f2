/**
 * Owns the case index of one unlocked database: loads it (case-snapshot.ts), keeps it
 * current while unlocked, and writes the sealed snapshot back. Every write to
 * `registrations` (a save, a pull, an acknowledgement, a purge) passes the table's
 * hooks, which only note the ids; once the write commits, just those cases are read
 * and decrypted again. The snapshot is written two seconds after the last change, and
 * at lock (saveCaseIndexNow, before the keys go). A change the next unlock could not see
 * without it (a case's data changed under a `localUpdatedAt` the snapshot's stamp
 * already covers: a pulled or merged version) marks the snapshot stale until then; a new
 * case, a local save, a deletion or a sync state does not (case-snapshot.ts). Dropped at
 * lock: nothing outlives it.
 */
import type { RelaisDb } from '@/data/db'
import type { RecordRow } from '@/data/records'
import type { CaseFilters, CaseFinder, CaseSummary, DuplicateQuery } from './case-finder'
import type { CaseIndex } from './case-index'
import { loadCaseIndex, markSnapshotStale, readCases, saveSnapshot, stampOf } from './case-snapshot'

/** cases read and decrypted at a time after a change */
const CHUNK = 200

interface Writer {
  on(eventName: 'complete' | 'abort', subscriber: () => unknown): void
}

/** Fields of a row that change without its sealed data (a sync answer, the retention date). */
const CLEAR_FIELDS = new Set(['state', 'errors', 'syncedRev', 'purgeAfter'])

/**
 * Whether an update leaves the sealed data as it was. Dexie reports the sealed value's
 * arrays as changed whenever they are new copies: the same IV (random per sealing) is
 * the same sealing.
 */
function sameData(changes: Record<string, unknown>, before: RecordRow<'registration'>): boolean {
  for (const key of Object.keys(changes)) {
    if (CLEAR_FIELDS.has(key)) continue
    if (key === 'enc.iv' && sameBytes(changes[key], before.enc?.iv)) continue
    if (key === 'enc.ct' && sameBytes(changes[key], before.enc?.ct, 'length only')) continue
    return false
  }
  return true
}

function sameBytes(a: unknown, b: ArrayLike<number> | undefined, lengthOnly?: 'length only'): boolean {
  if (!b || typeof a !== 'object' || a === null || !('length' in a)) return false
  const bytes = a as ArrayLike<number>
  if (bytes.length !== b.length) return false
  if (lengthOnly) return true
  for (let i = 0; i < b.length; i++) if (bytes[i] !== b[i]) return false
  return true
}

export interface CaseIndexStoreOptions {
  /** wait this long after the last change before sealing the snapshot */
  saveDelayMs?: number
  now?: () => Date
}

/** The finder screens see: one per version of the index, so that React re-renders on a change. */
class FinderView implements CaseFinder {
  constructor(
    private readonly index: CaseIndex,
    readonly version: number,
  ) {}

  get size(): number {
    return this.index.size
  }

  get(id: string): CaseSummary | undefined {
    return this.index.get(id)
  }

  search(text: string, filters?: CaseFilters): CaseSummary[] {
    return this.index.search(text, filters)
  }

  possibleDuplicates(person: DuplicateQuery): CaseSummary[] {
    return this.index.possibleDuplicates(person)
  }
}

export class CaseIndexStore {
  private index: CaseIndex | undefined
  private view: FinderView | undefined
  private version = 0
  private readonly listeners = new Set<() => void>()
  private readonly pending = new Set<string>()
  private readonly watched = new WeakSet<object>()
  private flushing: Promise<void> | undefined
  private saving: Promise<void> = Promise.resolve()
  private timer: ReturnType<typeof setTimeout> | undefined
  /** bumped at each change of the index; `savedGeneration` is the one the snapshot holds */
  private generation = 0
  private savedGeneration = 0
  private markedStale = false
  /** writes with a change the snapshot's stamp cannot reveal (see the header) */
  private readonly unseen = new WeakSet<object>()
  /** the stamp of the snapshot in storage, or of the one being sealed */
  private stamp = ''
  /** the snapshot in storage may hold cases no longer here (until the first one sealed) */
  private behind = true
  /** cases deleted since the snapshot in storage was taken: it may still hold them */
  private readonly deletedSinceSave = new Set<string>()
  private disposed = false
  private readonly unwatch: () => void
  private readonly saveDelayMs: number
  private readonly now: () => Date

  constructor(
    readonly db: RelaisDb,
    options: CaseIndexStoreOptions = {},
  ) {
    this.saveDelayMs = options.saveDelayMs ?? 2000
    this.now = options.now ?? (() => new Date())
    // watching starts before the load: a change made while it runs is applied after it
    this.unwatch = this.watch()
  }

  /** The index as a finder; undefined until loaded (and after dispose). */
  finder(): CaseFinder | undefined {
    if (!this.index) return undefined
    if (this.view?.version !== this.version) this.view = new FinderView(this.index, this.version)
    return this.view
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Loads the index (see case-snapshot.ts), then applies what changed meanwhile. */
  async start(): Promise<void> {
    const loaded = await loadCaseIndex(this.db, this.now())
    if (this.disposed) return
    this.index = loaded.index
    if (loaded.stamp > this.stamp) this.stamp = loaded.stamp
    this.behind = loaded.changed
    if (loaded.changed) this.changed()
    else this.notify()
    await this.flush()
  }

  /** Applies the changes noted so far, then seals the snapshot if it is behind (before lock). */
  async saveNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    await this.flush()
    await this.save()
  }

  /** Stops watching and forgets the index (at lock). */
  dispose(): void {
    this.disposed = true
    this.unwatch()
    if (this.timer) clearTimeout(this.timer)
    this.index = undefined
    this.view = undefined
    this.pending.clear()
    this.listeners.clear()
  }

  private watch(): () => void {
    const hook = this.db.registrations.hook
    const noted = (id: string, writer: Writer, unseen: boolean) => {
      this.pending.add(id)
      if (unseen) this.unseen.add(writer)
      if (this.watched.has(writer)) return
      this.watched.add(writer)
      const done = () => this.committed(writer)
      writer.on('complete', done)
      writer.on('abort', done)
    }
    // the next unlock decrypts a row whose localUpdatedAt is past the snapshot's stamp
    const seenLater = (localUpdatedAt: string) => localUpdatedAt > this.stamp
    // a new id is seen too, unless the snapshot may still hold an earlier case of that id
    const mayHold = (id: string) => this.behind || this.deletedSinceSave.has(id) || this.index?.get(id) !== undefined
    const creating = (id: string, row: RecordRow<'registration'>, writer: Writer) =>
      noted(id ?? row.id, writer, !seenLater(row.localUpdatedAt) && mayHold(id ?? row.id))
    const updating = (changes: object, id: string, row: RecordRow<'registration'>, writer: Writer) => {
      const after = (changes as { localUpdatedAt?: string }).localUpdatedAt ?? row.localUpdatedAt
      noted(id, writer, !seenLater(after) && !sameData(changes as Record<string, unknown>, row))
    }
    // a deleted id is missing from the table: seen
    const deleting = (id: string, _row: unknown, writer: Writer) => {
      this.deletedSinceSave.add(id)
      noted(id, writer, false)
    }
    hook('creating', creating)
    hook('updating', updating)
    hook('deleting', deleting)
    return () => {
      hook.creating.unsubscribe(creating)
      hook.updating.unsubscribe(updating)
      hook.deleting.unsubscribe(deleting)
    }
  }

  /** A write to registrations ended: mark the snapshot stale if needed, then apply the cases it touched. */
  private committed(writer: Writer): void {
    if (this.disposed) return
    if (this.unseen.has(writer) && !this.markedStale) {
      this.markedStale = true
      void markSnapshotStale(this.db).catch(() => undefined)
    }
    void this.flush().catch(() => undefined)
  }

  /** Reads and applies the noted cases, a chunk at a time, until none is left. */
  private flush(): Promise<void> {
    if (this.flushing) return this.flushing
    if (!this.index || this.pending.size === 0) return Promise.resolve()
    this.flushing = (async () => {
      try {
        while (this.index && this.pending.size > 0) {
          const ids = [...this.pending].slice(0, CHUNK)
          for (const id of ids) this.pending.delete(id)
          const cases = await readCases(this.db, ids)
          const index = this.index as CaseIndex | undefined // dispose() may have run meanwhile
          if (!index) return
          for (const [id, summary] of cases) {
            if (summary) index.put(summary)
            else index.remove(id)
          }
          this.changed()
        }
      } finally {
        this.flushing = undefined
      }
    })()
    return this.flushing
  }

  private changed(): void {
    this.generation += 1
    this.notify()
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.save().catch(() => undefined)
    }, this.saveDelayMs)
  }

  private notify(): void {
    this.version += 1
    for (const listener of this.listeners) listener()
  }

  /** Seals the snapshot when it is behind; one write at a time. */
  private save(): Promise<void> {
    this.saving = this.saving
      .catch(() => undefined)
      .then(async () => {
        const index = this.index
        const generation = this.generation
        if (!index || generation === this.savedGeneration || this.pending.size > 0 || this.flushing) return
        // the stale flag goes only if nothing changed while sealing (else the next save
        // clears it); decided in the transaction, so that a change right after it marks again
        const current = () => {
          const still = this.generation === generation && this.pending.size === 0
          if (still) this.markedStale = false
          return still
        }
        // from now on a change is judged against the snapshot being sealed: its stamp, its ids
        const stamp = stampOf(index.all())
        if (stamp > this.stamp) this.stamp = stamp
        this.behind = false
        this.deletedSinceSave.clear()
        try {
          await saveSnapshot(this.db, index.all(), { now: this.now(), current })
        } catch (error) {
          this.behind = true // not sealed: the stored snapshot may hold anything
          throw error
        }
        this.savedGeneration = generation
      })
    return this.saving
  }
}

const stores = new Map<RelaisDb, CaseIndexStore>()

/** The store of a database while its index is mounted (case-finder-provider.tsx). */
export function registerCaseIndexStore(store: CaseIndexStore): () => void {
  stores.set(store.db, store)
  return () => {
    if (stores.get(store.db) === store) stores.delete(store.db)
  }
}

/** Seals the case index of this database now if it changed: call before the keys are dropped. */
export async function saveCaseIndexNow(db: RelaisDb): Promise<void> {
  await stores.get(db)?.saveNow()
}
