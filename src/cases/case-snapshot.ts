/**
 * Loads the case index at unlock without decrypting every case. One sealed snapshot of
 * all summaries sits in `meta` (AES-GCM under the data key, AAD `case-index`: names are
 * never in clear in IndexedDB), stamped with the newest `localUpdatedAt` it covers. At
 * unlock it is opened (one decryption), then only these registrations are decrypted:
 * ids it does not hold, rows changed locally since its stamp, and rejected rows (for
 * their reasons); ids gone from the table leave it, and the sync state of the others
 * comes from the clear `state` index. A version pulled or merged by the server keeps its
 * older `localUpdatedAt`, which the stamp cannot tell: when the live index
 * (case-index-store.ts) sees such a change it marks the snapshot stale
 * (`caseIndexStale`, a clear flag) until a snapshot covering it is sealed. A stale or
 * missing snapshot, or a clock set back since it was written, means decrypting every
 * case once.
 */
import type { RelaisDb } from '@/data/db'
import { open, seal } from '@/data/protect'
import { decodeRecord, type RecordRow } from '@/data/records'
import { RecordDecryptError } from '@/shared/crypto/errors'
import type { Sealed } from '@/shared/crypto/record-cipher'
import type { CaseSummary } from './case-finder'
import { CaseIndex } from './case-index'
import { summarizeCase } from './case-summary'

const SNAPSHOT_KEY = 'caseIndex'
const STALE_KEY = 'caseIndexStale'
const AAD = 'case-index'
const FORMAT = 1
/** rows decrypted per read: bounds the memory a full load holds at once */
const CHUNK = 250

/** One summary without field names (a third of the JSON), in this order; the state is not kept. */
type Tuple = [
  id: string,
  siteCode: string,
  caseNumber: string | null,
  named: 0 | 1,
  givenName: string | null,
  familyName: string | null,
  aliases: readonly string[] | null,
  sex: CaseSummary['sex'],
  nationality: string,
  dateOfBirth: string | null,
  ageGroup: CaseSummary['ageGroup'] | null,
  documentNumber: string | null,
  householdGroupId: string | null,
  registeredOn: string,
  caseStatus: CaseSummary['caseStatus'],
  vulnerabilities: CaseSummary['vulnerabilities'],
  possibleDuplicate: 0 | 1,
  localUpdatedAt: string,
  /** only when merged into another case (added after format 1's first tuples, which lack it) */
  mergedInto?: string,
]

interface SnapshotValue {
  v: typeof FORMAT
  /** the newest localUpdatedAt of the cases it holds ('' when none) */
  stamp: string
  /** when it was written (device clock): a clock set back since makes it unusable */
  writtenAt: string
  enc?: Sealed
  /** only in an unprotected database (tests, tools) */
  rows?: Tuple[]
}

function toTuple(c: CaseSummary): Tuple {
  const tuple: Tuple = [
    c.id,
    c.siteCode,
    c.caseNumber ?? null,
    c.named ? 1 : 0,
    c.givenName ?? null,
    c.familyName ?? null,
    c.aliases ?? null,
    c.sex,
    c.nationality,
    c.dateOfBirth ?? null,
    c.ageGroup ?? null,
    c.documentNumber ?? null,
    c.householdGroupId ?? null,
    c.registeredOn,
    c.caseStatus,
    c.vulnerabilities,
    c.possibleDuplicate ? 1 : 0,
    c.localUpdatedAt,
  ]
  if (c.mergedInto !== undefined) tuple[18] = c.mergedInto
  return tuple
}

function fromTuple(t: Tuple, state: CaseSummary['state']): CaseSummary {
  const c: CaseSummary = {
    id: t[0],
    siteCode: t[1],
    named: t[3] === 1,
    sex: t[7],
    nationality: t[8],
    registeredOn: t[13],
    caseStatus: t[14],
    vulnerabilities: t[15],
    possibleDuplicate: t[16] === 1,
    state,
    localUpdatedAt: t[17],
  }
  if (t[2] !== null) c.caseNumber = t[2]
  if (t[4] !== null) c.givenName = t[4]
  if (t[5] !== null) c.familyName = t[5]
  if (t[6] !== null) c.aliases = t[6]
  if (t[9] !== null) c.dateOfBirth = t[9]
  if (t[10] !== null) c.ageGroup = t[10]
  if (t[11] !== null) c.documentNumber = t[11]
  if (t[12] !== null) c.householdGroupId = t[12]
  if (typeof t[18] === 'string') c.mergedInto = t[18]
  return c
}

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
}

/** Builds the case index from the snapshot and the rows changed since (see the header). */
export async function loadCaseIndex(db: RelaisDb, now: Date = new Date()): Promise<LoadedCases> {
  const [snapshotRow, staleRow] = await db.meta.bulkGet([SNAPSHOT_KEY, STALE_KEY])
  const snapshot = await openSnapshot(db, snapshotRow?.value, staleRow !== undefined, now)
  const table = db.registrations
  const read = await db.transaction('r', table, async () => ({
    ids: await table.toCollection().primaryKeys(),
    newer: snapshot ? await table.where('localUpdatedAt').above(snapshot.stamp).primaryKeys() : [],
    pending: await table.where('state').equals('pending').primaryKeys(),
    conflict: await table.where('state').equals('conflict').primaryKeys(),
    rejected: await table.where('state').equals('rejected').primaryKeys(),
  }))
  const present = new Set(read.ids)
  const stateOf = new Map<string, CaseSummary['state']>()
  for (const id of read.pending) stateOf.set(id, 'pending')
  for (const id of read.conflict) stateOf.set(id, 'conflict')

  const summaries = new Map<string, CaseSummary>()
  const rejected = new Set(read.rejected)
  const toDecrypt = new Set<string>([...read.newer, ...rejected])
  let removed = 0
  for (const tuple of snapshot?.rows ?? []) {
    const id = tuple[0]
    if (!present.has(id)) removed += 1
    else if (!toDecrypt.has(id)) summaries.set(id, fromTuple(tuple, stateOf.get(id) ?? 'sent'))
  }
  for (const id of read.ids) if (!summaries.has(id)) toDecrypt.add(id)
  const ids = [...toDecrypt]
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const [id, summary] of await readCases(db, ids.slice(i, i + CHUNK))) {
      if (summary) summaries.set(id, summary)
    }
  }
  return {
    index: new CaseIndex(summaries.values()),
    stamp: snapshot?.stamp ?? '',
    decrypted: ids.length,
    fromSnapshot: snapshot !== undefined,
    // rejected rows are opened at every unlock for their reasons: not a change by themselves
    changed: !snapshot || removed > 0 || ids.some((id) => !rejected.has(id)),
  }
}

async function openSnapshot(
  db: RelaisDb,
  value: unknown,
  stale: boolean,
  now: Date,
): Promise<{ stamp: string; rows: Tuple[] } | undefined> {
  if (stale || typeof value !== 'object' || value === null) return undefined
  const snapshot = value as SnapshotValue
  if (snapshot.v !== FORMAT || typeof snapshot.stamp !== 'string' || !(snapshot.writtenAt <= now.toISOString())) {
    return undefined
  }
  try {
    const rows = await open<Tuple[]>(db, AAD, snapshot, snapshot.rows)
    return Array.isArray(rows) ? { stamp: snapshot.stamp, rows } : undefined
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

/** Seals the summaries as the snapshot; clears the stale flag when `current()` still holds at commit. */
export async function saveSnapshot(
  db: RelaisDb,
  cases: readonly CaseSummary[],
  options: { now?: Date; current?: () => boolean } = {},
): Promise<void> {
  const stamp = stampOf(cases)
  const rows = cases.map(toTuple) // before any await: the caller's array may change meanwhile
  const sealed = await seal(db, AAD, rows, 'rows')
  const value = { v: FORMAT, stamp, writtenAt: (options.now ?? new Date()).toISOString(), ...sealed }
  await db.transaction('rw', db.meta, async () => {
    await db.meta.put({ key: SNAPSHOT_KEY, value })
    if (options.current?.() ?? true) await db.meta.delete(STALE_KEY)
  })
}

/** Marks the snapshot behind the cases (a clear flag, nothing personal). */
export async function markSnapshotStale(db: RelaisDb): Promise<void> {
  await db.meta.put({ key: STALE_KEY, value: true })
}
