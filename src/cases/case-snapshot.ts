/**
 * Loads the case index at unlock without decrypting every case. A snapshot of all
 * summaries sits in `meta`, sealed in parts (AES-GCM under the data key, AAD
 * `case-index:<part>`: names are never in clear in IndexedDB): a case belongs to one part
 * by a hash of its id, so that a change re-seals only its part, and each part keeps its
 * cases in list order. A clear header (`caseIndex`) says how many parts there are and is
 * stamped with the newest `localUpdatedAt` they cover. At unlock the header, the parts and
 * the table's keys are read in one transaction, the parts opened, then only these
 * registrations are decrypted: ids the snapshot does not hold, rows changed locally since
 * its stamp, and rejected rows (for their reasons); ids gone from the table leave it, and
 * the sync state of the others comes from the clear `state` index. A version pulled or
 * merged by the server keeps its older `localUpdatedAt`, which the stamp cannot tell: when
 * the live index (case-index-store.ts) sees such a change it marks the snapshot stale
 * (`caseIndexStale`, a clear flag) until a snapshot covering it is sealed. A stale or
 * missing snapshot, or a clock set back since it was written, means decrypting every
 * case once. A snapshot of format 1 (one sealed blob) is still read, and replaced by
 * parts at the next seal.
 */
import type { RelaisDb } from '@/data/db'
import { open, seal } from '@/data/protect'
import { decodeRecord, type RecordRow } from '@/data/records'
import { RecordDecryptError } from '@/shared/crypto/errors'
import type { Sealed } from '@/shared/crypto/record-cipher'
import type { CaseSummary } from './case-finder'
import { CaseIndex } from './case-index'
import { summarizeCase } from './case-summary'
import { fromTuple, partCount, partOf, toTuple, type Tuple } from './snapshot-tuples'

const SNAPSHOT_KEY = 'caseIndex'
const STALE_KEY = 'caseIndexStale'
const AAD = 'case-index'
const FORMAT = 2
/** format 1: every summary in one sealed value under SNAPSHOT_KEY */
const FORMAT_ONE = 1
/** rows decrypted per read: bounds the memory a full load holds at once */
const CHUNK = 250

/** The clear header of a snapshot (format 2); its parts are at partKey(0…parts-1). */
interface SnapshotHeader {
  v: typeof FORMAT
  /** the newest localUpdatedAt of the cases it holds ('' when none) */
  stamp: string
  /** when it was written (device clock): a clock set back since makes it unusable */
  writtenAt: string
  parts: number
}

/** A part: sealed, or (only in an unprotected database: tests, tools) plain. */
interface SnapshotPart {
  enc?: Sealed
  rows?: Tuple[]
}

/** Format 1, read for the migration only. */
interface SnapshotOne extends SnapshotPart {
  v: typeof FORMAT_ONE
  stamp: string
  writtenAt: string
}

const PART_PREFIX = `${SNAPSHOT_KEY}:`
const partKey = (part: number) => `${PART_PREFIX}${part}`
const partAad = (part: number) => `${AAD}:${part}`

export interface LoadedCases {
  index: CaseIndex
  /** the stamp of the snapshot used ('' when none was) */
  stamp: string
  /** registrations decrypted for this load */
  decrypted: number
  /** whether a snapshot was used */
  fromSnapshot: boolean
  /** the snapshot is missing or behind the table: write one */
  changed: boolean
  /** the parts of the snapshot used, when only the parts of `dirty` need sealing again (else 0) */
  parts: number
  /** the cases the snapshot holds differently from the table (changed, new or gone) */
  dirty: string[]
}

interface Opened {
  stamp: string
  /** 0 for format 1: every part is to be sealed again */
  parts: number
  rows: Tuple[]
}

/** What a load reads from the database: sealed, nothing decrypted yet. */
interface CaseIndexRead {
  header: SnapshotHeader | SnapshotOne | undefined
  parts: (SnapshotPart | undefined)[]
  ids: string[]
  newer: string[]
  pending: string[]
  conflict: string[]
  rejected: string[]
}

/** Reads the snapshot's header and sealed parts and the table's keys, in one transaction. */
async function readCaseIndex(db: RelaisDb, now: Date = new Date()): Promise<CaseIndexRead> {
  const table = db.registrations
  // every read in one transaction, before any decryption (awaiting WebCrypto would end it),
  // and all at once but the rows newer than the stamp: each wait is a trip to the database
  return db.transaction('r', db.meta, table, async () => {
    const [meta, ids, pending, conflict, rejected] = await Promise.all([
      // the header, its parts and the stale flag: every key beginning with SNAPSHOT_KEY
      db.meta.where('key').between(SNAPSHOT_KEY, `${SNAPSHOT_KEY}\uffff`, true, true).toArray(),
      // every id, from the small `state` index rather than the table (its rows are the records)
      table.orderBy('state').primaryKeys(),
      table.where('state').equals('pending').primaryKeys(),
      table.where('state').equals('conflict').primaryKeys(),
      table.where('state').equals('rejected').primaryKeys(),
    ])
    const stored = new Map(meta.map((row) => [row.key, row.value]))
    const header = usableHeader(stored.get(SNAPSHOT_KEY), stored.has(STALE_KEY), now)
    const parts =
      header?.v === FORMAT ? Array.from({ length: header.parts }, (_, part) => stored.get(partKey(part))) : []
    return {
      header,
      parts: parts as (SnapshotPart | undefined)[],
      ids,
      newer: header ? await table.where('localUpdatedAt').above(header.stamp).primaryKeys() : [],
      pending,
      conflict,
      rejected,
    }
  })
}

/** Builds the case index from the snapshot and the rows changed since (see the header). */
export async function loadCaseIndex(db: RelaisDb, now: Date = new Date()): Promise<LoadedCases> {
  const read = await readCaseIndex(db, now)
  const snapshot = read.header ? await openSnapshot(db, read.header, read.parts) : undefined
  const present = new Set(read.ids)
  const stateOf = new Map<string, CaseSummary['state']>()
  for (const id of read.pending) stateOf.set(id, 'pending')
  for (const id of read.conflict) stateOf.set(id, 'conflict')

  const summaries: CaseSummary[] = []
  const rejected = new Set(read.rejected)
  const toDecrypt = new Set<string>([...read.newer, ...rejected])
  const removed: string[] = []
  for (const tuple of snapshot?.rows ?? []) {
    const id = tuple[0]
    if (!present.has(id)) removed.push(id)
    else if (!toDecrypt.has(id)) summaries.push(fromTuple(tuple, stateOf.get(id) ?? 'sent'))
  }
  // a case the snapshot lacks (rare: the set of those it holds is built only then)
  if (summaries.length < read.ids.length) {
    const held = new Set(summaries.map((c) => c.id))
    for (const id of read.ids) if (!held.has(id)) toDecrypt.add(id)
  }
  const ids = [...toDecrypt]
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const summary of (await readCases(db, ids.slice(i, i + CHUNK))).values()) {
      if (summary) summaries.push(summary)
    }
  }
  // rejected rows are opened at every unlock for their reasons: not a change by themselves
  const dirty = [...ids.filter((id) => !rejected.has(id)), ...removed]
  // parts of another size (sealed by an earlier version) are all sealed again, once
  const resized = snapshot !== undefined && snapshot.parts !== partCount(summaries.length)
  return {
    // the parts' runs in list order: the index's sort merges them
    index: new CaseIndex(summaries),
    stamp: snapshot?.stamp ?? '',
    decrypted: ids.length,
    fromSnapshot: snapshot !== undefined,
    // a snapshot of format 1 is sealed again, in parts
    changed: !snapshot || snapshot.parts === 0 || resized || dirty.length > 0,
    parts: resized ? 0 : (snapshot?.parts ?? 0),
    dirty,
  }
}

/** The header (or the format 1 value) when the snapshot can be used: not stale, not from the future. */
function usableHeader(value: unknown, stale: boolean, now: Date): SnapshotHeader | SnapshotOne | undefined {
  if (stale || typeof value !== 'object' || value === null) return undefined
  const header = value as Partial<SnapshotHeader> & Partial<SnapshotOne>
  if (
    typeof header.stamp !== 'string' ||
    !(typeof header.writtenAt === 'string' && header.writtenAt <= now.toISOString())
  ) {
    return undefined
  }
  if (header.v === FORMAT && Number.isInteger(header.parts) && (header.parts as number) > 0) {
    return header as SnapshotHeader
  }
  return header.v === FORMAT_ONE ? (header as SnapshotOne) : undefined
}

async function openSnapshot(
  db: RelaisDb,
  header: SnapshotHeader | SnapshotOne,
  parts: (SnapshotPart | undefined)[],
): Promise<Opened | undefined> {
  try {
    if (header.v === FORMAT_ONE) {
      const rows = await open<Tuple[]>(db, AAD, header, header.rows)
      return Array.isArray(rows) ? { stamp: header.stamp, parts: 0, rows } : undefined
    }
    if (parts.some((part) => part === undefined)) return undefined
    const opened = await Promise.all(
      parts.map((part, i) => open<Tuple[]>(db, partAad(i), part as SnapshotPart, (part as SnapshotPart).rows)),
    )
    if (!opened.every(Array.isArray)) return undefined
    return { stamp: header.stamp, parts: header.parts, rows: opened.flat() }
  } catch (error) {
    if (error instanceof RecordDecryptError) return undefined // damaged: decrypt every case instead
    throw error
  }
}

/**
 * The current summaries of these registrations (decrypted), undefined for an id no longer
 * in the table. A row that cannot be decrypted is left out rather than stopping the rest.
 */
export async function readCases(db: RelaisDb, ids: readonly string[]): Promise<Map<string, CaseSummary | undefined>> {
  const rows = await db.registrations.bulkGet([...ids])
  const out = new Map<string, CaseSummary | undefined>()
  await Promise.all(
    rows.map(async (row: RecordRow<'registration'> | undefined, i) => {
      const id = ids[i] as string
      if (!row) return out.set(id, undefined)
      try {
        out.set(id, summarizeCase(await decodeRecord(db, row)))
      } catch (error) {
        if (!(error instanceof RecordDecryptError)) throw error
      }
    }),
  )
  return out
}

/** The newest localUpdatedAt of these cases: what a snapshot of them is stamped with. */
export function stampOf(cases: readonly CaseSummary[]): string {
  let stamp = ''
  for (const c of cases) if (c.localUpdatedAt > stamp) stamp = c.localUpdatedAt
  return stamp
}

export interface SaveOptions {
  now?: Date
  /** whether the cases are still those given: decided at commit, it clears the stale flag */
  current?: () => boolean
  /**
   * Seal only the parts holding these cases: the stored snapshot has `parts` parts and
   * holds every other case as given. Without it, every part is sealed.
   */
  only?: { parts: number; ids: Iterable<string> }
  /** awaited before each part is sealed: lets the page draw meanwhile */
  pause?: () => Promise<void>
}

/**
 * Seals the summaries as the snapshot (all its parts, or those of `only`); clears the
 * stale flag when `current()` still holds at commit. Answers the number of parts.
 */
export async function saveSnapshot(
  db: RelaisDb,
  cases: readonly CaseSummary[],
  options: SaveOptions = {},
): Promise<number> {
  const stamp = stampOf(cases)
  const parts = partCount(cases.length)
  const only = options.only?.parts === parts ? new Set([...options.only.ids].map((id) => partOf(id, parts))) : undefined
  // the tuples before any await: the caller's cases may change meanwhile
  const rows = Array.from({ length: parts }, (): Tuple[] | undefined => (only ? undefined : []))
  for (const part of only ?? []) rows[part] = []
  // in the order given (list order: CaseIndex.everything()), which the next load's sort takes as runs
  for (const c of cases) rows[partOf(c.id, parts)]?.push(toTuple(c))
  const sealed: [number, object][] = []
  for (const [part, tuples] of rows.entries()) {
    if (!tuples) continue
    await options.pause?.()
    sealed.push([part, await seal(db, partAad(part), tuples, 'rows')])
  }
  const header: SnapshotHeader = { v: FORMAT, stamp, writtenAt: (options.now ?? new Date()).toISOString(), parts }
  await db.transaction('rw', db.meta, async () => {
    await db.meta.bulkPut([
      { key: SNAPSHOT_KEY, value: header },
      ...sealed.map(([part, value]) => ({ key: partKey(part), value })),
    ])
    // parts of a larger snapshot before
    if (!only) {
      const stored = await db.meta.where('key').startsWith(PART_PREFIX).primaryKeys()
      await db.meta.bulkDelete(stored.filter((key) => Number(key.slice(PART_PREFIX.length)) >= parts))
    }
    if (options.current?.() ?? true) await db.meta.delete(STALE_KEY)
  })
  return parts
}

/** Marks the snapshot behind the cases (a clear flag, nothing personal). */
export async function markSnapshotStale(db: RelaisDb): Promise<void> {
  await db.meta.put({ key: STALE_KEY, value: true })
}
