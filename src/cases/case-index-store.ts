/**
 * Owns the case index of one unlocked database: loads it (case-snapshot.ts), keeps it
 * current while unlocked, and writes the sealed snapshot back. Each committed write to
 * `registrations` (case-changes.ts) updates only the cases it touched: taken from the
 * writer when it left them in clear (a pull page, a save), else read and decrypted again;
 * for a sync answer just their state. The snapshot's parts holding changed cases are
 * sealed again two seconds after the last change, a part per idle moment, and at lock
 * (saveCaseIndexNow, before the keys go); a sync answer changes nothing it holds. The
 * name index is built as soon as the list is drawn, in slices of a few milliseconds, so
 * that a tap, a key or a scroll meanwhile is answered at once. A
 * change the next unlock could not see without it (a case's data changed under a
 * `localUpdatedAt` the snapshot's stamp already covers: a pulled or merged version; an id
 * it may still hold) marks the snapshot stale until then; a local save, a new case, a
 * deletion or a sync answer does not (case-snapshot.ts). Dropped at lock.
 */
import type { RelaisDb } from '@/data/db'
import { whenIdle } from '@/data/when-idle'
import { watchCases, type CaseChange } from './case-changes'
import type { CaseFilters, CaseFinder, CaseSummary, DuplicateQuery } from './case-finder'
import type { CaseIndex } from './case-index'
import { loadCaseIndex, markSnapshotStale, readCases, saveSnapshot, stampOf, type SaveOptions } from './case-snapshot'
import { summarizeCase } from './case-summary'
import { backfillDepartedRetention } from '@/data/retention-backfill'

/** cases read and decrypted at a time after a change */
const CHUNK = 200

/** A moment when the page is idle, within a second: the screen need not wait for this work. */
const idle = () => whenIdle(1000)

/** The longest slice of the name index's build: a tap waits for it at most. */
const BUILD_SLICE_MS = 12

/** The next task: taps, keys and drawing already waiting go first. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel()
    channel.port1.onmessage = () => {
      channel.port1.close()
      resolve()
    }
    channel.port2.postMessage(undefined)
  })
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

  casesMergedInto(id: string): CaseSummary[] {
    return this.index.casesMergedInto(id)
  }

  mergedCases(): CaseSummary[] {
    return this.index.mergedCases()
  }

  survivorOf(c: CaseSummary): CaseSummary {
    return this.index.survivorOf(c)
  }

  householdMembers(groupId: string): CaseSummary[] {
    return this.index.householdMembers(groupId)
  }
}

export class CaseIndexStore {
  private index: CaseIndex | undefined
  private view: FinderView | undefined
  private version = 0
  private readonly listeners = new Set<() => void>()
  /** cases to read again */
  private readonly pending = new Set<string>()
  /** of those, the ones whose writer left the new version in clear: nothing to read */
  private readonly known = new Map<string, CaseSummary>()
  /** cases whose sync state alone changed */
  private readonly states = new Map<string, Extract<CaseChange, { kind: 'sync' }>>()
  /** writes to registrations begun and not yet ended */
  private writing = 0
  private flushing: Promise<void> | undefined
  private saving: Promise<void> = Promise.resolve()
  private timer: ReturnType<typeof setTimeout> | undefined
  /** bumped at each change of the cases; `savedGeneration` is the one the snapshot holds */
  private generation = 0
  private savedGeneration = 0
  /** the parts of the snapshot in storage (0: none usable, the next one seals every part) */
  private storedParts = 0
  /** cases the snapshot in storage holds differently, with the generation that changed them */
  private readonly dirty = new Map<string, number>()
  private markedStale = false
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
    this.storedParts = loaded.parts
    for (const id of loaded.dirty) this.dirty.set(id, this.generation + 1)
    if (loaded.changed) this.changed()
    else this.notify()
    // the list is drawn first; search by name is ready a few slices later
    void this.prepareSearch()
    await this.flush()
    // once per database: departed cases stored before they left the phone like closed ones
    const departed = this.index?.all().flatMap((c) => (c.caseStatus === 'departed' ? [c.id] : [])) ?? []
    await backfillDepartedRetention(this.db, departed).catch(() => 0)
  }

  /**
   * Builds the name index and the number look-ups a slice at a time, each in a task of
   * its own; a search or a change before the end finishes them at once.
   */
  private async prepareSearch(): Promise<void> {
    await nextTask()
    for (;;) {
      const index = this.index
      if (this.disposed || !index) return
      const until = performance.now() + BUILD_SLICE_MS
      if (index.prepareSearch(() => performance.now() < until)) return
      await nextTask()
    }
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
    this.known.clear()
    this.states.clear()
    this.listeners.clear()
  }

  private watch(): () => void {
    return watchCases(this.db, {
      // the next unlock decrypts a row whose localUpdatedAt is past the snapshot's stamp
      // (while loading, that stamp is not known yet)
      seenLater: (localUpdatedAt) => this.index !== undefined && localUpdatedAt > this.stamp,
      mayHold: (id) => this.behind || this.deletedSinceSave.has(id) || this.index?.get(id) !== undefined,
      writing: (open) => (this.writing += open ? 1 : -1),
      committed: (changes) => this.committed(changes),
    })
  }

  /** A write to registrations committed: mark the snapshot stale if needed, then apply it. */
  private committed(changes: CaseChange[]): void {
    if (this.disposed) return
    let unseen = false
    for (const change of changes) {
      if (change.kind === 'sync') {
        this.states.set(change.id, change)
        continue
      }
      if (change.kind === 'deleted') this.deletedSinceSave.add(change.id)
      else unseen ||= change.unseen
      this.states.delete(change.id) // read again: the row has its state too
      this.pending.add(change.id)
      if (change.kind === 'data' && change.record) this.known.set(change.id, summarizeCase(change.record))
      else this.known.delete(change.id)
    }
    if (unseen && !this.markedStale) {
      this.markedStale = true
      void markSnapshotStale(this.db).catch(() => undefined)
    }
    void this.flush().catch(() => undefined)
  }

  /** Reads and applies the noted cases, a chunk at a time, until none is left. */
  private flush(): Promise<void> {
    if (this.flushing) return this.flushing
    if (!this.index || (this.pending.size === 0 && this.states.size === 0)) return Promise.resolve()
    const run = async () => {
      while (this.index && (this.pending.size > 0 || this.states.size > 0)) {
        if (this.states.size > 0) this.applyStates(this.index)
        if (this.pending.size === 0) continue
        const ids: string[] = []
        const cases = new Map<string, CaseSummary | undefined>()
        for (const id of this.pending) {
          const summary = this.known.get(id)
          if (summary) cases.set(id, summary)
          else if (ids.length < CHUNK) ids.push(id)
        }
        for (const id of [...cases.keys(), ...ids]) {
          this.pending.delete(id)
          this.known.delete(id)
        }
        if (ids.length > 0) for (const [id, summary] of await readCases(this.db, ids)) cases.set(id, summary)
        const index = this.index as CaseIndex | undefined // dispose() may have run meanwhile
        if (!index) return
        index.apply(cases)
        for (const id of cases.keys()) this.dirty.set(id, this.generation + 1)
        this.changed()
      }
    }
    // cleared once settled (a run with nothing to read ends before it is even stored)
    this.flushing = run().finally(() => (this.flushing = undefined))
    return this.flushing
  }

  /** A sync answer: the summary takes the row's new state, nothing decrypted. */
  private applyStates(index: CaseIndex): void {
    for (const [id, { state, errors }] of this.states) {
      const known = index.get(id)
      if (!known || this.pending.has(id)) {
        this.pending.add(id)
        continue
      }
      const next = { ...known, state }
      if (errors?.length) next.errors = errors
      else delete next.errors
      index.put(next)
    }
    this.states.clear()
    this.notify() // the snapshot keeps no state: nothing to seal
  }

  private changed(): void {
    this.generation += 1
    this.notify()
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = undefined
      void this.save(idle).catch(() => undefined)
    }, this.saveDelayMs)
  }

  private notify(): void {
    this.version += 1
    for (const listener of this.listeners) listener()
  }

  /** Seals the snapshot when it is behind; one write at a time. */
  private save(pause?: SaveOptions['pause']): Promise<void> {
    this.saving = this.saving
      .catch(() => undefined)
      .then(async () => {
        const index = this.index
        const generation = this.generation
        const busy = this.pending.size > 0 || this.states.size > 0 || this.writing > 0 || this.flushing
        if (!index || generation === this.savedGeneration || busy) return
        // the stale flag goes only if nothing changed while sealing (else the next save
        // clears it); decided in the transaction, so that a change right after it marks again
        const current = () => {
          const quiet = this.pending.size === 0 && this.states.size === 0 && this.writing === 0 && !this.flushing
          const still = this.generation === generation && quiet
          if (still) this.markedStale = false
          return still
        }
        // from now on a change is judged against the snapshot being sealed: its stamp, its ids
        const cases = index.everything()
        const stamp = stampOf(cases)
        if (stamp > this.stamp) this.stamp = stamp
        this.behind = false
        this.deletedSinceSave.clear()
        const dirty = [...this.dirty.keys()]
        const options: SaveOptions = { now: this.now(), current }
        if (this.storedParts > 0) options.only = { parts: this.storedParts, ids: dirty }
        if (pause) options.pause = pause
        try {
          this.storedParts = await saveSnapshot(this.db, cases, options)
        } catch (error) {
          this.behind = true // not sealed: the stored snapshot may hold anything
          throw error
        }
        // a case changed again while sealing stays to seal
        for (const id of dirty) if ((this.dirty.get(id) ?? Infinity) <= generation) this.dirty.delete(id)
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
