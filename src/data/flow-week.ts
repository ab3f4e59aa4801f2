/**
 * The days of one FMP that Today shows: its tallies and FMP statuses of a range of local
 * days, found through the clear `[siteCode+siteDay]` index (db.ts v5) so that only
 * those rows are decrypted, whatever else the phone holds, and each only once while
 * unlocked (flow-opened.ts: Today reads the week again at each opening and each save). Also what of the
 * FMP is not yet sent: tallies and statuses counted without decrypting anything, surveys by
 * opening the pending ones only.
 */
import Dexie, { type Table } from 'dexie'
import { MAX_STATUS_PERIOD_DAYS } from '@/shared/schemas/fmp-status'
import type { RelaisDb } from './db'
import { openedAt, openedData, openedFlowRows } from './flow-opened'
import { flowIndexFields } from './record-payload'
import { clearPart, decodeRecord, type LocalRecord, type RecordRow } from './records'

export interface FlowDays {
  tallies: LocalRecord<'flowCount'>[]
  /** Statuses whose period starts at most MAX_STATUS_PERIOD_DAYS before `from` (it may overlap the range). */
  statuses: LocalRecord<'fmpStatus'>[]
}

const DAY_MS = 86_400_000
const INDEXED_KEY = 'flowIndexV5'

/** `day` (`YYYY-MM-DD`) moved by `days`. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** The FMP's tallies of the local days `from`…`to` (both included) and the statuses that may touch them. */
export async function readFlowDays(db: RelaisDb, siteCode: string, from: string, to: string): Promise<FlowDays> {
  const [tallyRows, statuses] = await Promise.all([
    db.flowCounts.where('[siteCode+siteDay]').between([siteCode, from], [siteCode, to], true, true).toArray(),
    readFmpStatuses(db, siteCode, from, to),
  ])
  return { tallies: await openRows(db, tallyRows), statuses }
}

/** The FMP's statuses whose period starts at most MAX_STATUS_PERIOD_DAYS before `from` (they may touch the range). */
export async function readFmpStatuses(
  db: RelaisDb,
  siteCode: string,
  from: string,
  to: string,
): Promise<LocalRecord<'fmpStatus'>[]> {
  const rows = await db.fmpStatuses
    .where('[siteCode+siteDay]')
    .between([siteCode, addDays(from, -MAX_STATUS_PERIOD_DAYS)], [siteCode, to], true, true)
    .toArray()
  return openRows(db, rows)
}

type FlowEntity = 'flowCount' | 'fmpStatus'

/** Rows opened, each decrypted at most once while unlocked (and again only when its ciphertext changed): flow-opened.ts. */
export async function openRows<E extends FlowEntity>(db: RelaisDb, rows: RecordRow<E>[]): Promise<LocalRecord<E>[]> {
  const cache = openedFlowRows(db) // throws LockedError while locked
  if (!cache) return Promise.all(rows.map((row) => decodeRecord(db, row)))
  return Promise.all(
    rows.map(async (row) => {
      const iv = row.enc?.iv
      const hit = iv && openedData(cache, row.entity, row.id, iv)
      if (hit) return { ...clearPart(row), data: hit as LocalRecord<E>['data'] }
      const record = await decodeRecord(db, row)
      if (iv) cache.set(openedAt(row.entity, row.id), { iv: new Uint8Array(iv), data: record.data })
      return record
    }),
  )
}

export type RecordSyncState = Pick<RecordRow, 'state' | 'errors'>

/**
 * The sync state of each tally on the phone that is not `sent` (the others are): found
 * through the `state` index, reading only the few rows that carry the server's reasons.
 */
export async function unsentTallyStates(db: RelaisDb): Promise<Map<string, RecordSyncState>> {
  // each state apart: `anyOf` reads the range from 'conflict' to 'rejected', 'pending' within
  const [pending, rejected, conflict] = await Promise.all([
    db.flowCounts.where('state').equals('pending').primaryKeys(),
    db.flowCounts.where('state').equals('rejected').toArray(),
    db.flowCounts.where('state').equals('conflict').toArray(),
  ])
  const states = new Map<string, RecordSyncState>(pending.map((id) => [id, { state: 'pending' }]))
  for (const row of [...rejected, ...conflict])
    states.set(row.id, row.errors ? { state: row.state, errors: row.errors } : { state: row.state })
  return states
}

/** What a caller already knows of the tallies: their pending ids (every FMP's), and ids known to be at the FMP. */
export interface KnownTallies {
  pending: readonly string[]
  atSite: ReadonlySet<string>
}

/**
 * The FMP's tallies saved on this phone and not yet acknowledged by the server. Given what
 * is known of them (Today knows the week's), only the pending ones not known to be at the
 * FMP are looked up.
 */
export function unsentTallies(db: RelaisDb, siteCode: string, known?: KnownTallies): Promise<number> {
  return unsentIn(db.flowCounts, siteCode, known)
}

/** The FMP's closures and no-flow records saved on this phone and not yet acknowledged. */
export function unsentStatuses(db: RelaisDb, siteCode: string): Promise<number> {
  return unsentIn(db.fmpStatuses, siteCode)
}

/**
 * The FMP's surveys saved on this phone and not yet acknowledged. A survey's site is inside
 * its sealed data (no clear index): only the pending ones are opened, a day's few at most.
 */
export async function unsentSurveys(db: RelaisDb, siteCode: string): Promise<number> {
  const rows = await db.surveys.where('state').equals('pending').toArray()
  const surveys = await Promise.all(rows.map((row) => decodeRecord(db, row)))
  return surveys.filter((survey) => survey.data.siteCode === siteCode).length
}

/**
 * Keys only, each list in one request: the pending rows', then (when some are not known to
 * be at the FMP) the FMP's. Rows filtered by their site would be read one by one through a
 * cursor, a trip to IndexedDB each: after a convoy's 50 saves, 100 ms of a throttled phone.
 */
async function unsentIn<E extends FlowEntity>(
  table: Table<RecordRow<E>, string>,
  siteCode: string,
  known?: KnownTallies,
): Promise<number> {
  const pending = known?.pending ?? (await table.where('state').equals('pending').primaryKeys())
  const unsure = known ? pending.filter((id) => !known.atSite.has(id)) : pending
  if (unsure.length === 0) return pending.length
  const atSite = new Set(
    await table.where('[siteCode+siteDay]').between([siteCode, Dexie.minKey], [siteCode, Dexie.maxKey]).primaryKeys(),
  )
  return pending.length - unsure.length + unsure.filter((id) => atSite.has(id)).length
}

/**
 * Gives the rows written before v5 their site and day (an upgrade cannot decrypt; this
 * runs unlocked, once: a flag in meta remembers it). Rows written since carry them.
 */
export async function indexOlderFlowRows(db: RelaisDb): Promise<void> {
  if ((await db.meta.get(INDEXED_KEY))?.value === true) return
  // counted through the indexes, nothing read: a phone that never held a row of before v5
  // (or whose rows all got their index since) has nothing to open
  const counts = await Promise.all(
    [db.flowCounts, db.fmpStatuses].map(async (table) => {
      const all = await table.count()
      const indexed = await table.orderBy('[siteCode+siteDay]').count()
      return all - indexed
    }),
  )
  if (counts.every((unindexed) => unindexed === 0)) return void (await db.meta.put({ key: INDEXED_KEY, value: true }))
  for (const table of [db.flowCounts, db.fmpStatuses] as (typeof db.flowCounts)[]) {
    const rows = await table.filter((row) => row.siteDay === undefined).toArray()
    const fields = new Map<string, ReturnType<typeof flowIndexFields>>()
    for (const row of rows) {
      const record = await decodeRecord(db, row as RecordRow<'flowCount'>)
      fields.set(row.id, flowIndexFields(row.entity, record.data))
    }
    if (fields.size === 0) continue
    await table
      .where(':id')
      .anyOf([...fields.keys()])
      .modify((row) => {
        // a row written meanwhile already carries its own (newer) fields
        if (row.siteDay === undefined) Object.assign(row, fields.get(row.id))
      })
  }
  await db.meta.put({ key: INDEXED_KEY, value: true })
}
