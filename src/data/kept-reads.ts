/**
 * Reads a screen makes again at each opening (Today's week), kept in memory between
 * openings for as long as no write touched the tables they read: the screen opened again
 * draws at once, in its first render, instead of drawing "Loading" and reading IndexedDB.
 * A kept read that a write made stale is read again in an idle moment (`keep`), so that
 * it is ready again by the next opening; while a screen watches it, at once, as a live
 * query would.
 *
 * Which tables a write touched is what Dexie says after each commit (`storagemutated`,
 * also fired for the writes of other tabs): the same signal its live queries follow.
 * The answers are clear data opened under the data key, and are kept under it: a lock
 * drops them with the key (a read while locked throws, as every read does).
 */
import Dexie, { RangeSet, rangesOverlap } from 'dexie'
import type { RelaisDb } from './db'
import { keysOf, LockedError } from './protect'
import { whenIdle } from './when-idle'

type Listener = () => void

interface Entry<T> {
  read: () => Promise<T>
  tables: readonly string[]
  /** The last answer, and the tables' generations when the read that made it started. */
  value?: T
  valueGens?: number[]
  /** Whether the watching screens saw a fresh answer since they started watching (they keep it while a new one is read). */
  shown: boolean
  listeners: Set<Listener>
  reading: boolean
  /** Read again in an idle moment when a write makes it stale, even with no screen watching. */
  kept: boolean
  /** Why the last read failed (storage failing, a bug), until one succeeds: a watching screen shows it. */
  failure?: unknown
  /** What the read uses of some of its tables (rows), and what that was at the last read (as JSON). */
  probes: Probes
  probed?: Map<string, string | undefined>
  /** The probes being compared after a write (confirmUnchanged): callers meanwhile share the verdict. */
  confirming?: Promise<boolean>
}

/**
 * What a read uses of a table or row it names (say the user's sites, of the sync status row
 * that changes at each sync attempt): when only such tables were written, the probes are
 * read again (a small read), and the answer is kept when each gives what it gave before.
 */
export type Probes = Readonly<Record<string, () => Promise<unknown>>>

/** A generation per database and table, one more at each commit that wrote to it. */
const generations = new Map<string, Map<string, number>>()
/** Every table at once ("all": a page shown again from the back-forward cache, say). */
let everything = 0

/** By data key (a lock drops them), then by database name (two handles on one database share them). */
const byDataKey = new WeakMap<CryptoKey | RelaisDb, Map<string, Map<string, Entry<unknown>>>>()

/** Rows watched one by one (`<table>:<key>`), by table: a write to another row of the table leaves them. */
const watchedRows = new Map<string, Set<string>>()

function watchRows(tables: readonly string[]): void {
  for (const name of tables) {
    const at = name.indexOf(':')
    if (at < 0) continue
    const [table, key] = [name.slice(0, at), name.slice(at + 1)]
    watchedRows.set(table, (watchedRows.get(table) ?? new Set()).add(key))
  }
}

let listening = false
function listen(): void {
  if (listening) return
  listening = true
  Dexie.on('storagemutated', (parts) => {
    const touched = new Set<string>()
    for (const [part, ranges] of Object.entries(parts)) {
      if (part === 'all') {
        everything++
        touched.add('*')
        continue
      }
      // idb://<database>/<table>/<index>: '' for the primary key, ':dels' for deletions
      const [dbName, table, index] = part.slice('idb://'.length).split('/')
      if (!dbName || !table) continue
      const tables = generations.get(dbName) ?? new Map<string, number>()
      generations.set(dbName, tables)
      const bump = (name: string) => {
        if (!touched.has(`${dbName}/${name}`)) tables.set(name, (tables.get(name) ?? 0) + 1)
        touched.add(`${dbName}/${name}`)
      }
      bump(table)
      if (index !== '' && index !== ':dels') continue
      for (const key of watchedRows.get(table) ?? [])
        if (rangesOverlap(ranges, new RangeSet(key))) bump(`${table}:${key}`)
    }
    if (touched.size > 0) staleAfterWrite()
  })
}

function gensOf(db: RelaisDb, tables: readonly string[]): number[] {
  const known = generations.get(db.name)
  return [everything, ...tables.map((table) => known?.get(table) ?? 0)]
}

function isFresh(db: RelaisDb, entry: Entry<unknown>): boolean {
  const now = gensOf(db, entry.tables)
  return entry.valueGens !== undefined && entry.valueGens.every((gen, i) => gen === now[i])
}

/** The databases with kept reads, to look at after a write (weakly: a closed database goes). */
const watched = new Set<WeakRef<RelaisDb>>()
const watchedDbs = new WeakSet<RelaisDb>()

/** A write committed: each stale read is read again, at once when watched, else once idle. */
function staleAfterWrite(): void {
  for (const ref of watched) {
    const db = ref.deref()
    const entries = db && entriesOf(db)
    if (!db) {
      watched.delete(ref)
      continue
    }
    if (!entries) continue // locked: nothing kept
    for (const entry of entries.values()) {
      if (isFresh(db, entry)) continue
      if (!onlyProbedStale(db, entry)) readStale(db, entry)
      else void confirmUnchanged(db, entry).then((holds) => holds || readStale(db, entry))
    }
  }
}

/** A stale read: at once for the screens watching it, else once idle when kept. */
function readStale(db: RelaisDb, entry: Entry<unknown>): void {
  if (entry.listeners.size > 0) void readAgain(db, entry)
  else if (entry.kept) scheduleIdleRead(db, entry)
}

/** Whether every table written since the answer was read is one whose use a probe can check. */
function onlyProbedStale(db: RelaisDb, entry: Entry<unknown>): boolean {
  const gens = entry.valueGens
  if (!gens || !entry.probed || entry.reading) return false
  const now = gensOf(db, entry.tables)
  if (now[0] !== gens[0]) return false
  return entry.tables.every((table, i) => now[i + 1] === gens[i + 1] || table in entry.probes)
}

/** Reads each probe now: what it gives, as JSON (undefined when it fails or gives nothing). */
async function readProbes(probes: Probes): Promise<Map<string, string | undefined>> {
  const tables = Object.keys(probes)
  const values = await Promise.all(tables.map((table) => probes[table]?.().then(JSON.stringify, () => undefined)))
  return new Map(tables.map((table, i) => [table, values[i]]))
}

/**
 * Whether the answer holds again: only probed tables were written since it was read, and
 * each probe gives what it gave then. Writes that come meanwhile are looked at too.
 */
function confirmUnchanged(db: RelaisDb, entry: Entry<unknown>): Promise<boolean> {
  entry.confirming ??= probeUntilSettled(db, entry).finally(() => delete entry.confirming)
  return entry.confirming
}

async function probeUntilSettled(db: RelaisDb, entry: Entry<unknown>): Promise<boolean> {
  while (!isFresh(db, entry) && onlyProbedStale(db, entry)) {
    const gens = gensOf(db, entry.tables)
    const answered = entry.valueGens
    const now = await readProbes(entry.probes)
    const same = [...now].every(([table, value]) => value !== undefined && entry.probed?.get(table) === value)
    if (!same || !answered || entry.valueGens !== answered) return false
    // what the answer used is as it was at these generations: it holds at them
    entry.tables.forEach((table, i) => {
      if (table in entry.probes) answered[i + 1] = gens[i + 1] as number
    })
  }
  return isFresh(db, entry)
}

/** Makes a stale answer fresh: confirmed by its probes when they can, else read again. */
async function refresh(db: RelaisDb, entry: Entry<unknown>): Promise<void> {
  if (onlyProbedStale(db, entry) && (await confirmUnchanged(db, entry))) {
    if (entry.listeners.size === 0) return
    entry.shown = true
    for (const listener of [...entry.listeners]) listener()
  } else if (!isFresh(db, entry)) await readAgain(db, entry)
}

/** A burst of writes (a convoy's saves) is read again once, after it. */
const IDLE_READ_DELAY_MS = 2_000
const idleReads = new WeakMap<Entry<unknown>, ReturnType<typeof setTimeout>>()

function scheduleIdleRead(db: RelaisDb, entry: Entry<unknown>): void {
  clearTimeout(idleReads.get(entry))
  idleReads.set(
    entry,
    setTimeout(() => {
      idleReads.delete(entry)
      void whenIdle(10_000).then(() => (isFresh(db, entry) ? undefined : readAgain(db, entry)))
    }, IDLE_READ_DELAY_MS),
  )
}

async function readAgain(db: RelaisDb, entry: Entry<unknown>): Promise<void> {
  if (entry.reading) return
  entry.reading = true
  const gens = gensOf(db, entry.tables)
  try {
    const [value, probed] = await Promise.all([entry.read(), readProbes(entry.probes)])
    entry.value = value
    entry.valueGens = gens
    entry.probed = probed
    delete entry.failure
    if (entry.listeners.size > 0) entry.shown = true
  } catch (error) {
    // locked meanwhile: the lock screen takes over, and the next unlock reads again.
    // Anything else goes to the screens watching (as a live query throws it to the
    // screen's boundary). Either way, the next write tries again
    if (error instanceof LockedError) return
    entry.failure = error
    for (const listener of [...entry.listeners]) listener()
    return
  } finally {
    entry.reading = false
  }
  for (const listener of [...entry.listeners]) listener()
  // written to while being read: read again
  if (!isFresh(db, entry) && (entry.listeners.size > 0 || entry.kept)) {
    if (entry.listeners.size > 0) void readAgain(db, entry)
    else scheduleIdleRead(db, entry)
  }
}

function entriesOf(db: RelaisDb): Map<string, Entry<unknown>> | null {
  let owner: CryptoKey | RelaisDb
  try {
    owner = keysOf(db)?.dataKey ?? db
  } catch {
    return null // locked
  }
  let dbs = byDataKey.get(owner)
  if (!dbs) byDataKey.set(owner, (dbs = new Map()))
  let entries = dbs.get(db.name)
  if (!entries) dbs.set(db.name, (entries = new Map()))
  return entries
}

export interface KeptRead<T> {
  /** For useSyncExternalStore: the answer to draw, or undefined while there is none that holds. */
  snapshot(): T | undefined
  /** Why the last read failed, until one succeeds (not a lock): a screen throws it to its boundary. */
  failure(): unknown
  /** Watches the answer: read at once when stale, and again after each write to its tables. */
  subscribe(listener: Listener): () => void
  /** Reads it now (when stale), and again in an idle moment after each write, watched or not. */
  keep(): Promise<void>
}

/**
 * The kept read `key` of `db`, over `tables` (read by `read`, which must read nothing
 * else): a table's name, or `<table>:<key>` for one row of it (a write to its other rows
 * leaves the read). `probes`, by one of those tables: what the read uses of it (see
 * Probes). `read` and `probes` are taken at each call: the latest are the ones run.
 */
export function keptRead<T>(
  db: RelaisDb,
  key: string,
  tables: readonly string[],
  read: () => Promise<T>,
  probes: Probes = {},
): KeptRead<T> {
  listen()
  watchRows(tables)
  const entries = entriesOf(db)
  const entry = (entries?.get(key) as Entry<T> | undefined) ?? {
    read,
    tables,
    shown: false,
    listeners: new Set<Listener>(),
    reading: false,
    kept: false,
    probes,
  }
  entry.read = read
  entry.probes = probes
  if (entries && !entries.has(key)) entries.set(key, entry as Entry<unknown>)
  if (!watchedDbs.has(db)) {
    watchedDbs.add(db)
    watched.add(new WeakRef(db))
  }
  const untyped = entry as Entry<unknown>
  return {
    // a stale answer is drawn only to a screen that already drew this read (as a live query
    // keeps its last answer until the next): a screen opening never starts from one
    snapshot: () => (isFresh(db, untyped) || (entry.shown && entry.listeners.size > 0) ? entry.value : undefined),
    failure: () => (entry.listeners.size > 0 ? entry.failure : undefined),
    subscribe(listener) {
      if (entry.listeners.size === 0) {
        entry.shown = isFresh(db, untyped)
        delete entry.failure // a screen opening again tries again
      }
      entry.listeners.add(listener)
      if (!isFresh(db, untyped)) void refresh(db, untyped)
      return () => {
        entry.listeners.delete(listener)
      }
    },
    async keep() {
      entry.kept = true
      if (!isFresh(db, untyped)) await refresh(db, untyped)
    },
  }
}

/**
 * Runs `write`, which changes how rows of `tables` are stored but not what a read of them
 * answers (a day's figures sealed again): the kept reads that were fresh before it stay
 * fresh after it, unless another write to those tables came between.
 */
export async function withSameAnswers<T>(db: RelaisDb, tables: readonly string[], write: () => Promise<T>): Promise<T> {
  listen()
  const before = gensOf(db, tables)
  const result = await write()
  // Dexie says what a transaction wrote as it completes, before its promise resolves
  const after = gensOf(db, tables)
  // each table written once (by this write) or not at all, and no "everything changed" between
  const steps = after.map((gen, i) => gen - (before[i] as number))
  if (steps[0] !== 0 || steps.some((step) => step > 1) || steps.every((step) => step === 0)) return result
  for (const entry of entriesOf(db)?.values() ?? []) {
    const gens = entry.valueGens
    if (!gens) continue
    entry.tables.forEach((table, i) => {
      const at = tables.indexOf(table) + 1
      if (at > 0 && gens[i + 1] === before[at]) gens[i + 1] = after[at] as number
    })
  }
  return result
}
