/**
 * Today's figures, kept per FMP and day so that opening Today reads a handful of rows,
 * not a week of tallies. A day's row (`flowDays`) holds, sealed under the data key like a
 * record (AAD `flowDay:<site>:<day>`), the day's flow figures and a short form of each of
 * its tallies; in clear, the ids of the tallies written since it was sealed (noted by
 * flow-day-marks.ts in each write's own transaction) and a generation. The day is the
 * sealed part with those tallies opened again: exact after any write, whoever made it.
 * After a write, the day is sealed again once the phone is idle (`keepFlowDays`).
 *
 * A day is sealed gzipped (`PackedDigest`): a busy day's digest is some 110 KB of JSON, and
 * Chromium stores an IndexedDB value over 64 KB as a blob of its own, which every save's
 * note on the day (flow-day-marks.ts) read and wrote again (that write alone took 28 ms of
 * a save, CPU throttled 4×), as did each day Today opens. Gzipped, it is about 15 KB.
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
import { openedCache } from './opened-cache'
import { whenIdle } from './when-idle'
import { isReadable, keysOf, LockedError, open, seal } from './protect'
import type { RecordRow } from './records'

/** A day of one FMP's tallies, as stored. */
export interface FlowDayRow {
  siteCode: string
  day: string
  /** One more at each write touching a tally of the day. */
  gen: number
  /** Tallies written since the day was last sealed (since deleted or moved, maybe). */
  changed: string[]
  /** The day's `DayDigest`, sealed; absent until first sealed. */
  enc?: Sealed
  /** Plain only in an unprotected database (tests, tools). */
  digest?: DayDigest
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

async function openDigest(db: RelaisDb, row: FlowDayRow): Promise<DayDigest | undefined> {
  if (!row.enc) return row.digest
  const opened = openedDigests(db)
  const at = `${row.siteCode}:${row.day}:${ivText(row.enc.iv)}`
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
 * What makes a day's row another day: its generation (one more at each write to its
 * tallies), its seal (sealed again, the same day; but a row deleted and made again starts
 * its generations over) and the tallies noted since.
 */
const dayAt = (db: RelaisDb, row: FlowDayRow) => `${db.name}:${row.siteCode}:${row.day}`

function versionOf(row: FlowDayRow): string {
  return `${row.gen}:${row.enc ? ivText(row.enc.iv) : row.digest ? 'plain' : '-'}:${row.changed.join(',')}`
}

/** A day as it is now: its sealed digest with the tallies written since opened again. */
export async function currentDay(db: RelaisDb, row: FlowDayRow): Promise<DayDigest> {
  const known = currentDays(db)
  const at = dayAt(db, row)
  const version = versionOf(row)
  const hit = known?.get(at)
  if (hit?.version === version) return hit.digest
  const digest = await workOutDay(db, row)
  known?.set(at, { version, digest })
  return digest
}

async function workOutDay(db: RelaisDb, row: FlowDayRow): Promise<DayDigest> {
  const sealed = await openDigest(db, row)
  if (sealed && row.changed.length === 0) return sealed
  const byId = new Map((sealed?.tallies ?? []).map((t) => [t.id, t]))
  // without a digest, every tally of the day; else only those written since
  const ids = sealed
    ? row.changed
    : await db.flowCounts.where('[siteCode+siteDay]').equals([row.siteCode, row.day]).primaryKeys()
  const rows = await db.flowCounts.bulkGet(ids)
  const here = rows.filter(
    (r): r is RecordRow<'flowCount'> => r !== undefined && r.siteCode === row.siteCode && r.siteDay === row.day,
  )
  for (const id of ids) byId.delete(id) // deleted or moved, unless still here (below)
  for (const record of await openRows(db, here)) byId.set(record.id, dayTally(record.data))
  return digestOf([...byId.values()])
}

/** The FMP's days `from`…`to` (both included) that hold tallies, each as it is now. */
export async function readFlowDigests(
  db: RelaisDb,
  siteCode: string,
  from: string,
  to: string,
): Promise<Map<string, DayDigest>> {
  const rows = await db.flowDays.where('[siteCode+day]').between([siteCode, from], [siteCode, to], true, true).toArray()
  const days = await Promise.all(rows.map(async (row) => [row.day, await currentDay(db, row)] as const))
  if (rows.some((row) => row.changed.length > 0 || !(row.enc ?? row.digest))) scheduleFlowDaysUpkeep(db)
  return new Map(days.filter(([, digest]) => digest.tallies.length > 0))
}

/**
 * Seals again each day written since it was sealed (while unlocked); a day written again
 * meanwhile waits for the next round. Answers how many days it sealed.
 */
export async function keepFlowDays(db: RelaisDb): Promise<number> {
  if (!isReadable(db)) return 0
  const stale = await db.flowDays.filter((row) => row.changed.length > 0 || !(row.enc ?? row.digest)).toArray()
  let kept = 0
  for (const row of stale) {
    const digest = await currentDay(db, row)
    // plain (an unprotected database) as is; sealed, gzipped first
    const sealed = (
      keysOf(db) ? await seal(db, aad(row.siteCode, row.day), await packDigest(digest), 'digest') : { digest }
    ) as Pick<FlowDayRow, 'enc' | 'digest'>
    // the same day, sealed anew: what Today keeps of it still holds (kept-reads.ts)
    const sealedAgain = await withSameAnswers(db, ['flowDays'], () =>
      db.transaction('rw', db.flowDays, async () => {
        const now = await db.flowDays.get([row.siteCode, row.day])
        if (!now) return undefined
        // written meanwhile: the tallies noted stay noted (opened again at each read until
        // the next round), the rest is sealed; opening a tally again is harmless
        const unchanged = now.gen === row.gen
        if (unchanged && digest.tallies.length === 0) {
          await db.flowDays.delete([row.siteCode, row.day])
          return { unchanged }
        }
        const next: FlowDayRow = {
          ...sealed,
          siteCode: now.siteCode,
          day: now.day,
          gen: now.gen,
          changed: unchanged ? [] : now.changed,
        }
        await db.flowDays.put(next)
        return { unchanged, next }
      }),
    )
    if (!sealedAgain?.unchanged) continue
    kept++
    // sealed again, the same day: the next read need not open it
    const { next } = sealedAgain
    if (next) currentDays(db)?.set(dayAt(db, next), { version: versionOf(next), digest })
  }
  return kept
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
