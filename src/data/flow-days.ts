/**
 * Today's figures, kept per FMP and day so that opening Today reads a handful of rows,
 * not a week of tallies. A day's row (`flowDays`) holds, sealed under the data key like a
 * record (AAD `flowDay:<site>:<day>`), the day's flow figures and a short form of each of
 * its tallies. Each write to a tally marks its day (`flowDayMarks`, flow-day-marks.ts, in
 * the write's own transaction). The day is the sealed part with the tallies marked since
 * opened again: exact after any write, whoever made it. After a write, the day is sealed
 * again once the phone is idle (`keepFlowDays`), and its marks go.
 *
 * A day is sealed gzipped (`PackedDigest`): a busy day's digest is some 110 KB of JSON, and
 * Chromium stores an IndexedDB value over 64 KB as a blob of its own, which each day Today
 * opens reads (and which every save once read and wrote again, before a save's note on its
 * day became a mark of its own). Gzipped, it is about 15 KB.
 * Days sealed before, as plain JSON, still open.
 */
import { fromBase64Url, toBase64Url } from '@/shared/crypto/encoding'
import { gunzipCapped, gzip } from '@/shared/crypto/gzip'
import type { Sealed } from '@/shared/crypto/record-cipher'
import type { FlowDayRow as FlowFigureRow, FlowNationalityRow, FlowTransportRow } from '@/shared/schemas/stats'
import { flowFigures, type FlowTally } from '@/shared/stats/flow-figures'
import type { RelaisDb } from './db'
import { openRows } from './flow-week'
import { withSameAnswers } from './kept-reads'
import { openedData, openedFlowRows } from './flow-opened'
import { openedCache } from './opened-cache'
import { whenIdle } from './when-idle'
import { isReadable, keysOf, LockedError, open, seal } from './protect'
import type { RecordRow } from './records'
import type { FlowDayMark } from './flow-day-marks'

/** A day of one FMP's tallies, as sealed. */
export interface FlowDayRow {
  siteCode: string
  day: string
  /** The last mark the seal took in: a day sealed again always takes in a later one. */
  upTo?: number
  /** The day's `DayDigest`, sealed. */
  enc?: Sealed
  /** Plain only in an unprotected database (tests, tools). */
  digest?: DayDigest
}

/** A day as stored: its row, if it was ever sealed, and the marks of the tallies written since. */
interface StoredDay {
  siteCode: string
  day: string
  row?: FlowDayRow
  marks: FlowDayMark[]
}

/** A tally as the day keeps it: what the figures and Today's list read. */
export type DayTally = FlowTally & { id: string }

/** The rows of the shared flow figures for one day. */
export interface DayRows {
  dayRows: FlowFigureRow[]
  nationalityRows: FlowNationalityRow[]
  transportRows: FlowTransportRow[]
}

export interface DayDigest extends DayRows {
  tallies: DayTally[]
}

const aad = (siteCode: string, day: string) => `flowDay:${siteCode}:${day}`

/** What a day's seal holds: its digest as gzipped JSON, base64url (the seal takes JSON). */
interface PackedDigest {
  gzip: string
}

/** A day's digest is some 110 KB of JSON on a busy day: far below this, whatever a damaged row says. */
const MAX_DIGEST_BYTES = 16 * 1024 * 1024

/** The digest, gzipped where the platform can (else as is: both open). */
async function packDigest(digest: DayDigest): Promise<PackedDigest | DayDigest> {
  if (typeof CompressionStream !== 'function') return digest
  return { gzip: toBase64Url(await gzip(new TextEncoder().encode(JSON.stringify(digest)))) }
}

async function unpackDigest(sealed: PackedDigest | DayDigest): Promise<DayDigest> {
  if (!('gzip' in sealed)) return sealed
  const bytes = await gunzipCapped(fromBase64Url(sealed.gzip), MAX_DIGEST_BYTES)
  return JSON.parse(new TextDecoder().decode(bytes)) as DayDigest
}

/** The short form of a tally kept by its day (everything the figures add, and the list's time). */
export function dayTally(tally: DayTally): DayTally {
  const { id, siteCode, observedAt, direction, transport, men, women, boys, girls, total } = tally
  const { unaccompaniedChildren, childrenUnder5, elderly, pregnantWomen, withDisability } = tally
  const nationalities = tally.nationalities.map(({ country, count }) => ({ country, count }))
  return {
    ...{ id, siteCode, observedAt, direction, transport, men, women, boys, girls, total },
    ...{ unaccompaniedChildren, childrenUnder5, elderly, pregnantWomen, withDisability, nationalities },
  }
}

/** The figures of a day's tallies (the same function as the server's). */
export function digestOf(tallies: DayTally[]): DayDigest {
  const figures = flowFigures(tallies)
  return {
    tallies,
    dayRows: figures.dayRows(),
    nationalityRows: figures.nationalityRows(),
    transportRows: figures.transportRows(),
  }
}

/** Sealed digests opened while unlocked, by IV (each seal draws a new one); dropped with the key. */
const openedDigests = openedCache<DayDigest>(1_000)

const digestAt = (siteCode: string, day: string, enc: Sealed) => `${siteCode}:${day}:${ivText(enc.iv)}`

async function openDigest(db: RelaisDb, row: FlowDayRow): Promise<DayDigest | undefined> {
  if (!row.enc) return row.digest
  const opened = openedDigests(db)
  const at = digestAt(row.siteCode, row.day, row.enc)
  const hit = opened?.get(at)
  if (hit) return hit
  try {
    const digest = await unpackDigest(
      await open<PackedDigest | DayDigest>(db, aad(row.siteCode, row.day), row, undefined),
    )
    opened?.set(at, digest)
    return digest
  } catch (error) {
    if (error instanceof LockedError) throw error
    return undefined // sealed under a key this vault no longer has: the day is rebuilt from its tallies
  }
}

/**
 * Days worked out while unlocked, by site and day, with the version of the row they came
 * from: Today reads the week again at each opening and each save, and a day whose row has
 * not changed since is the same day (dropped with the key, like every opened cache).
 */
const currentDays = openedCache<{ version: string; digest: DayDigest }>(100)

/**
 * What makes a stored day another day: its seal (each seal takes in a later mark, and
 * draws a new IV) and the marks since.
 */
const dayAt = (db: RelaisDb, day: StoredDay) => `${db.name}:${day.siteCode}:${day.day}`

function versionOf({ row, marks }: StoredDay): string {
  const seal = row ? `${row.upTo ?? '-'}:${row.enc ? ivText(row.enc.iv) : row.digest ? 'plain' : '-'}` : '-'
  return `${seal}:${marks.map((m) => m.seq).join(',')}`
}

const isSealed = (day: StoredDay) => day.marks.length === 0 && Boolean(day.row?.enc ?? day.row?.digest)

/** A day as it is now: its sealed digest with the tallies marked since opened again. */
async function currentDay(db: RelaisDb, day: StoredDay): Promise<DayDigest> {
  const known = currentDays(db)
  const at = dayAt(db, day)
  const version = versionOf(day)
  const hit = known?.get(at)
  if (hit?.version === version) return hit.digest
  const digest = await workOutDay(db, day)
  known?.set(at, { version, digest })
  return digest
}

async function workOutDay(db: RelaisDb, day: StoredDay): Promise<DayDigest> {
  const sealed = day.row && (await openDigest(db, day.row))
  if (sealed && day.marks.length === 0) return sealed
  const byId = new Map((sealed?.tallies ?? []).map((t) => [t.id, t]))
  // without a digest, every tally of the day; else only those written since, and of
  // those only the ones whose latest mark does not say what they are now
  const ids = sealed
    ? takeInMarked(db, day.marks, byId)
    : await db.flowCounts.where('[siteCode+siteDay]').equals([day.siteCode, day.day]).primaryKeys()
  if (ids.length === 0) return digestOf([...byId.values()])
  const rows = await db.flowCounts.bulkGet(ids)
  const here = rows.filter(
    (r): r is RecordRow<'flowCount'> => r !== undefined && r.siteCode === day.siteCode && r.siteDay === day.day,
  )
  for (const id of ids) byId.delete(id) // deleted or moved, unless still here (below)
  for (const record of await openRows(db, here)) byId.set(record.id, dayTally(record.data))
  return digestOf([...byId.values()])
}

/**
 * Takes into `byId` each tally marked since the day's seal whose latest mark (marks come in
 * the order they were made) says it is gone, or names the ciphertext of a tally already
 * opened here (one this phone saved or pulled); answers the ids of the others, to be read.
 */
function takeInMarked(db: RelaisDb, marks: readonly FlowDayMark[], byId: Map<string, DayTally>): string[] {
  const latest = new Map<string, FlowDayMark>()
  for (const mark of marks) latest.set(mark.id, mark)
  const opened = openedFlowRows(db)
  const unknown: string[] = []
  for (const [id, mark] of latest) {
    const data = opened && mark.iv ? openedData(opened, 'flowCount', id, mark.iv) : undefined
    if (mark.gone) byId.delete(id)
    else if (data) byId.set(id, dayTally(data as DayTally))
    else unknown.push(id)
  }
  return unknown
}

/** The stored days of the FMP `siteCode`, `from`…`to` (both included), rows and marks read together. */
async function storedDays(db: RelaisDb, siteCode: string, from: string, to: string): Promise<StoredDay[]> {
  const range = [
    [siteCode, from],
    [siteCode, to],
  ] as const
  const [rows, marks] = await db.transaction('r', db.flowDays, db.flowDayMarks, () =>
    Promise.all([
      db.flowDays
        .where('[siteCode+day]')
        .between(...range, true, true)
        .toArray(),
      db.flowDayMarks
        .where('[siteCode+day]')
        .between(...range, true, true)
        .toArray(),
    ]),
  )
  const days = new Map<string, StoredDay>()
  const dayOf = (day: string) => {
    let found = days.get(day)
    if (!found) days.set(day, (found = { siteCode, day, marks: [] }))
    return found
  }
  for (const row of rows) dayOf(row.day).row = row
  for (const mark of marks) dayOf(mark.day).marks.push(mark)
  return [...days.values()]
}

/**
 * How many tallies this phone holds at the FMP on its day `day`: counted on the clear
 * `[siteCode+siteDay]` index, nothing opened (a deleted tally leaves the table).
 */
export function talliesOnDay(db: RelaisDb, siteCode: string, day: string): Promise<number> {
  return db.flowCounts.where('[siteCode+siteDay]').equals([siteCode, day]).count()
}

/** The FMP's days `from`…`to` (both included) that hold tallies, each as it is now. */
export async function readFlowDigests(
  db: RelaisDb,
  siteCode: string,
  from: string,
  to: string,
): Promise<Map<string, DayDigest>> {
  const stored = await storedDays(db, siteCode, from, to)
  const days = await Promise.all(stored.map(async (day) => [day.day, await currentDay(db, day)] as const))
  if (!stored.every(isSealed)) scheduleFlowDaysUpkeep(db)
  return new Map(days.filter(([, digest]) => digest.tallies.length > 0))
}

/**
 * Seals again each day written since it was sealed (while unlocked), and deletes the marks
 * it took in; a day written again meanwhile keeps its later marks until the next round.
 * Answers how many days it sealed with nothing written meanwhile.
 */
export async function keepFlowDays(db: RelaisDb): Promise<number> {
  if (!isReadable(db)) return 0
  let kept = 0
  for (const [siteCode, day] of await staleDays(db)) {
    const [stored] = await storedDays(db, siteCode, day, day)
    if (!stored || isSealed(stored)) continue
    const digest = await currentDay(db, stored)
    // plain (an unprotected database) as is; sealed, gzipped first
    const sealed = (
      keysOf(db) ? await seal(db, aad(siteCode, day), await packDigest(digest), 'digest') : { digest }
    ) as Pick<FlowDayRow, 'enc' | 'digest'>
    const taken = stored.marks.map((m) => m.seq as number)
    const upTo = taken.reduce((max, seq) => Math.max(max, seq), stored.row?.upTo ?? 0)
    // the same day, sealed anew: what Today keeps of it still holds (kept-reads.ts)
    const sealedAgain = await withSameAnswers(db, ['flowDays', 'flowDayMarks'], () =>
      db.transaction('rw', db.flowDays, db.flowDayMarks, async () => {
        const marks = await db.flowDayMarks.where('[siteCode+day]').equals([siteCode, day]).primaryKeys()
        // written meanwhile: the later marks stay (their tallies are opened again at each
        // read until the next round), the rest is sealed; opening a tally again is harmless
        const took = new Set(taken)
        const unchanged = marks.length === took.size && marks.every((seq) => took.has(seq))
        await db.flowDayMarks.bulkDelete(taken)
        if (digest.tallies.length === 0) {
          await db.flowDays.delete([siteCode, day])
          return { unchanged }
        }
        const next: FlowDayRow = { ...sealed, siteCode, day, upTo }
        await db.flowDays.put(next)
        return { unchanged, next }
      }),
    )
    // what was just sealed need not be opened again: not by the next read if nothing was
    // written meanwhile, nor, if something was, by the read that adds the later marks to it
    const { next } = sealedAgain
    if (next?.enc) openedDigests(db)?.set(digestAt(siteCode, day, next.enc), digest)
    if (!sealedAgain.unchanged) continue
    kept++
    if (next) {
      const now: StoredDay = { siteCode, day, row: next, marks: [] }
      currentDays(db)?.set(dayAt(db, now), { version: versionOf(now), digest })
    }
  }
  return kept
}

/** The days marked since they were sealed, and those never sealed, as `[siteCode, day]`. */
async function staleDays(db: RelaisDb): Promise<[string, string][]> {
  const [marked, unsealed] = await Promise.all([
    db.flowDayMarks.orderBy('[siteCode+day]').uniqueKeys(),
    db.flowDays.filter((row) => !(row.enc ?? row.digest)).primaryKeys(),
  ])
  const days = new Map<string, [string, string]>()
  for (const key of [...marked, ...unsealed] as [string, string][]) days.set(key.join('\u0000'), key)
  return [...days.values()]
}

/**
 * Quiet time after the last of a burst of writes (a pull's pages, a convoy's saves: a few
 * seconds apart) before the days are sealed again: sealing a busy day takes the phone
 * longer than a save, and never runs in the middle of a convoy's saves.
 */
const UPKEEP_DELAY_MS = 3_000
/** A steady trickle of writes still gets its days sealed this long after the first. */
const UPKEEP_MAX_WAIT_MS = 30_000
const upkeep = new WeakMap<RelaisDb, { timer: ReturnType<typeof setTimeout>; since: number }>()

/** Runs `keepFlowDays` once the writes pause (once for a burst of them), when the phone is idle. */
export function scheduleFlowDaysUpkeep(db: RelaisDb): void {
  const now = Date.now()
  const waiting = upkeep.get(db)
  if (waiting) {
    if (now - waiting.since >= UPKEEP_MAX_WAIT_MS) return
    clearTimeout(waiting.timer)
  }
  const since = waiting?.since ?? now
  const delay = Math.min(UPKEEP_DELAY_MS, since + UPKEEP_MAX_WAIT_MS - now)
  const timer = setTimeout(() => {
    upkeep.delete(db)
    // tried again at the next write or read
    void whenIdle(10_000).then(() => keepFlowDays(db).catch(() => undefined))
  }, delay)
  upkeep.set(db, { timer, since })
}

function ivText(iv: Uint8Array): string {
  let out = ''
  for (let i = 0; i < iv.length; i++) out += (iv[i] as number).toString(16).padStart(2, '0')
  return out
}
