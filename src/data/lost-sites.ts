/**
 * Records of sites the user no longer covers leave the phone (issue 9, access follows
 * the user). After each pull the phone asks the server which sites its user has now
 * (GET /api/v1/me; a login's list goes stale when an admin changes it); every record
 * row whose site is not one of them is removed, with its drafts and held versions —
 * except records with changes the server has not settled (an outbox entry: queued,
 * sealed or parked). Those stay until the server answers them, and are looked at again
 * at each sync until they can go. Transfers need nothing here: a case that left comes as
 * a deletion in the pull (pull-apply.ts); the sweep only catches what a pull skipped.
 *
 * A row's site is its clear `siteCode` (tallies, FMP statuses), else its data's, opened
 * (the other entities keep it sealed). Opening every row is costly, so a full sweep runs
 * only when the sites differ from those of the last one; in between, only the rows it
 * had to keep are read again.
 *
 * Refused changes at a lost site were kept by the server for a supervisor of the site,
 * who accepts or discards them (docs/api.md, Refused records). The phone asks again about
 * them now and then by sending them once more: the server answers a `duplicate` with
 * the outcome (acknowledge.ts), so that an accepted change leaves the outbox and its
 * record then leaves the phone; a discarded one says so and is not asked about again.
 */
import { NO_LONGER_KEPT } from '@/shared/kept-work'
import type { Entity } from '@/shared/schemas/entities'
import type { FieldError } from '@/shared/schemas/sync'
import { ENTITY_TABLES, recordTable, type RelaisDb } from './db'
import { clearRecordDrafts } from './drafts'
import { queueAgainAsSent } from './outbox'
import type { OutboxEntry } from './outbox-entry'
import { LockedError } from './protect'
import { decodeRecord, type RecordRow } from './records'

const STATE_KEY = 'lostSiteSweep'
/** How often refused changes at a lost site are sent again to learn a supervisor's decision. */
export const ASK_AGAIN_MS = 6 * 3600_000
/** Rows opened at a time to read their site. */
const CHUNK = 200
/**
 * The server's codes for a change it no longer keeps: a supervisor discarded it
 * (server/store/lost-site-work.ts), or the person withdrew consent (withdrawn-kept-work.ts).
 */
const DISCARDED: ReadonlySet<string> = new Set(NO_LONGER_KEPT)

interface SweepState {
  /** The sites of the last full sweep, sorted. */
  sites: string[]
  /** Rows at a lost site that had to stay: looked at again at each sweep. */
  kept: [Entity, string][]
  /** When refused changes at lost sites were last sent again. */
  askedAt?: string
}

export interface LostSiteSummary {
  /** Records removed from the phone. */
  removed: number
  /** Records at a lost site that stay for now (changes the server has not settled). */
  kept: number
  /** Refused changes queued again to learn a supervisor's decision. */
  asked: number
  /** Drafts removed with their records. */
  drafts: number
}

const ENTITIES = Object.keys(ENTITY_TABLES) as Entity[]

/**
 * Removes the records of sites outside `sites` (the user's, as the server has them now;
 * never call it for an admin, who covers every site). Throws LockedError while locked.
 */
export async function removeLostSiteRecords(
  db: RelaisDb,
  sites: readonly string[],
  now: Date = new Date(),
): Promise<LostSiteSummary> {
  const covered = [...new Set(sites)].sort()
  const last = await readState(db)
  const full = last === undefined || last.sites.join(',') !== covered.join(',')
  const summary: LostSiteSummary = { removed: 0, kept: 0, asked: 0, drafts: 0 }
  if (!full && last.kept.length === 0) return summary
  const coveredSet = new Set(covered)
  const kept: [Entity, string][] = []
  for (const entity of ENTITIES) {
    const table = recordTable(db, entity)
    const ids = full
      ? ((await table.toCollection().primaryKeys()) as string[])
      : last.kept.filter(([e]) => e === entity).map(([, id]) => id)
    // a chunk of rows at a time: 20,000 cases are never held in memory at once, only the lost ones
    const lost: RecordRow[] = []
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = (await table.bulkGet(ids.slice(i, i + CHUNK))).filter((r) => r !== undefined)
      lost.push(...(await lostRows(db, rows as RecordRow[], coveredSet)))
    }
    if (lost.length === 0) continue
    const outcome = await removeRows(db, entity, lost)
    summary.removed += outcome.removed
    summary.drafts += outcome.drafts
    for (const id of outcome.stay) kept.push([entity, id])
  }
  summary.kept = kept.length
  const due = last?.askedAt === undefined || now.getTime() - Date.parse(last.askedAt) >= ASK_AGAIN_MS
  if (kept.length > 0 && due) summary.asked = await askAgain(db, kept)
  const askedAt = summary.asked > 0 ? now.toISOString() : last?.askedAt
  const state: SweepState = { sites: covered, kept, ...(askedAt === undefined ? {} : { askedAt }) }
  await db.meta.put({ key: STATE_KEY, value: state })
  return summary
}

async function readState(db: RelaisDb): Promise<SweepState | undefined> {
  const value = (await db.meta.get(STATE_KEY))?.value as Partial<SweepState> | undefined
  if (!value || !Array.isArray(value.sites) || !Array.isArray(value.kept)) return undefined
  return value as SweepState
}

/** The rows whose site is known and not covered (opened where the site is not in clear). */
async function lostRows(db: RelaisDb, rows: readonly RecordRow[], covered: ReadonlySet<string>): Promise<RecordRow[]> {
  const sites = await Promise.all(rows.map((row) => siteOf(db, row)))
  return rows.filter((_, i) => sites[i] !== undefined && !covered.has(sites[i] as string))
}

async function siteOf(db: RelaisDb, row: RecordRow): Promise<string | undefined> {
  if (typeof row.siteCode === 'string') return row.siteCode
  try {
    const site = (await decodeRecord(db, row)).data.siteCode as unknown
    return typeof site === 'string' ? site : undefined
  } catch (error) {
    if (error instanceof LockedError) throw error
    return undefined // a row that does not open is not known to be elsewhere: it stays
  }
}

/**
 * Removes the rows in one transaction of their table (with the drafts and held versions
 * of their records): a row changed since it was read, or with an outbox entry, stays.
 */
async function removeRows(
  db: RelaisDb,
  entity: Entity,
  lost: readonly RecordRow[],
): Promise<{ removed: number; drafts: number; stay: string[] }> {
  const table = recordTable(db, entity)
  const ids = lost.map((row) => row.id)
  return db.transaction('rw', [table, db.outbox, db.drafts, db.heldChanges], async () => {
    const waiting = new Set((await db.outbox.where('recordId').anyOf(ids).keys()).map(String))
    const current = await table.bulkGet(ids)
    const gone: string[] = []
    const stay: string[] = []
    lost.forEach((read, i) => {
      const row = current[i]
      if (!row) return
      const unchanged = row.localUpdatedAt === read.localUpdatedAt && row.syncedRev === read.syncedRev
      if (waiting.has(row.id) || !unchanged) stay.push(row.id)
      else gone.push(row.id)
    })
    if (gone.length === 0) return { removed: 0, drafts: 0, stay }
    // the table's watchers (the case index) see each deletion
    await table.bulkDelete(gone)
    await db.heldChanges.bulkDelete(gone.map((id): [string, string] => [entity, id]))
    const drafts = await clearRecordDrafts(db, gone)
    return { removed: gone.length, drafts, stay }
  })
}

/** A refusal the server may have kept for a supervisor: the site alone was wrong. */
function refusedForSite(errors: readonly FieldError[] | undefined): boolean {
  if (!errors || errors.some((e) => DISCARDED.has(e.code))) return false
  return errors.some(
    (e) => (e.code === 'forbidden' && e.path[0] === 'siteCode') || (e.code === 'unavailable' && e.path.length === 0),
  )
}

/**
 * Queues again, as they were sent, the refused changes of records kept at a lost site
 * whose every entry is parked for its site: the server answers each as a `duplicate`
 * carrying the supervisor's decision (or the same refusal, and it is parked again).
 */
async function askAgain(db: RelaisDb, kept: readonly [Entity, string][]): Promise<number> {
  const ids = [...new Set(kept.map(([, id]) => id))]
  return db.transaction('rw', db.outbox, async () => {
    const entries = await db.outbox.where('recordId').anyOf(ids).toArray()
    const byRecord = new Map<string, OutboxEntry[]>()
    for (const entry of entries) byRecord.set(entry.recordId, [...(byRecord.get(entry.recordId) ?? []), entry])
    const again: OutboxEntry[] = []
    for (const list of byRecord.values()) {
      if (list.every((e) => e.status === 'parked' && refusedForSite(e.errors))) again.push(...list)
    }
    if (again.length === 0) return 0
    await queueAgainAsSent(db, again)
    return again.length
  })
}
