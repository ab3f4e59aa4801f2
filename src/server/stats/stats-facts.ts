/**
 * What the person-level figures (stats endpoints 5–8) read of each live registration,
 * assistance and referral, kept as plain columns (stats_facts, migration 0014): its day
 * (registration, provision or sending), its label (nationality, assistance type or
 * referral status) and the few flags the rules need, decided here once by the same
 * rules the figures always used (case-rules.ts, the referral schema). A dashboard then
 * counts 100,000 registrations with one SQL aggregate over short rows, instead of
 * reading and parsing each record's JSON.
 *
 * A record that could never count (no valid day, an unknown type or status) has no
 * row, nor has a registration merged into another case (the kept case counts the person). Kept in the change transaction of every write, like the flow roll-up
 * (store/change-set.ts).
 */
import { isUnderAvrr, isVulnerable } from '../../shared/case-rules'
import { ASSISTANCE_TYPES, CASE_STATUSES, REFERRAL_STATUSES } from '../../shared/schemas/codes'
import { UNKNOWN_COUNTRY } from '../../shared/schemas/common'
import type { Insertable } from 'kysely'
import type { Db } from '../db/open'
import type { StatsFactsTable } from '../db/schema'
import type { Trx } from '../store/change-transaction'
import type { StoredRecord } from '../store/records'
import { inChunks, liveRecordPages, type FactSource } from './fact-rows'

/** The entities with facts. */
export const FACT_ENTITIES = ['registration', 'assistance', 'referral'] as const

type Reader = Db | Trx
type Fact = Insertable<StatsFactsTable>

const isDay = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
const isOneOf = <T extends string>(codes: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (codes as readonly string[]).includes(value)

/** The facts row of a record's version, or undefined when it counts in no figure. */
export function factOf(record: FactSource): Fact | undefined {
  const { id, entity, siteCode, deleted, data } = record
  if (deleted || data === null) return undefined
  const row = { id, entity, site_code: siteCode, vulnerable: 0, case_status: null, under_avrr: 0, status_on: null }
  if (entity === 'registration') {
    // a case merged into another is that other case's person: counted there, once
    if (!isDay(data.registeredOn) || data.mergedInto !== undefined) return undefined
    const vulnerabilities = Array.isArray(data.vulnerabilities) ? (data.vulnerabilities as string[]) : []
    const caseStatus = isOneOf(CASE_STATUSES, data.caseStatus) ? data.caseStatus : null
    return {
      ...row,
      day: data.registeredOn,
      label: typeof data.nationality === 'string' ? data.nationality : UNKNOWN_COUNTRY,
      vulnerable: Number(isVulnerable({ vulnerabilities })),
      case_status: caseStatus,
      under_avrr: Number(caseStatus !== null && isUnderAvrr({ caseStatus, avrr: data.avrr })),
    }
  }
  if (entity === 'assistance') {
    if (!isDay(data.providedOn) || !isOneOf(ASSISTANCE_TYPES, data.type)) return undefined
    return { ...row, day: data.providedOn, label: data.type }
  }
  if (entity === 'referral') {
    if (!isDay(data.sentOn) || !isOneOf(REFERRAL_STATUSES, data.status)) return undefined
    return { ...row, day: data.sentOn, label: data.status, status_on: isDay(data.statusOn) ? data.statusOn : null }
  }
  return undefined
}

const hasFacts = (entity: string | undefined) => (FACT_ENTITIES as readonly string[]).includes(entity ?? '')

/**
 * Replaces the facts of the records written, in the caller's change transaction:
 * `before` tells which ones may have a row already (null: the record is new).
 */
export async function applyStatsFacts(
  trx: Trx,
  changes: Iterable<{ before: StoredRecord | null | undefined; after: StoredRecord | null | undefined }>,
): Promise<void> {
  const stale: string[] = []
  const facts: Fact[] = []
  for (const { before, after } of changes) {
    if (before && hasFacts(before.entity)) stale.push(before.id)
    const fact = after && hasFacts(after.entity) ? factOf(after) : undefined
    if (fact !== undefined) facts.push(fact)
  }
  await inChunks(stale, (ids) => trx.deleteFrom('stats_facts').where('id', 'in', ids).execute())
  await insertFacts(trx, facts)
}

async function insertFacts(db: Reader, facts: Fact[]): Promise<void> {
  await inChunks(facts, (chunk) => db.insertInto('stats_facts').values(chunk).execute())
}

/** Fills the facts from the live records, replacing what they held (migration 0014, the benches). */
export async function rebuildStatsFacts(db: Reader): Promise<void> {
  await db.deleteFrom('stats_facts').execute()
  for await (const records of liveRecordPages(db, FACT_ENTITIES)) {
    await insertFacts(
      db,
      records.flatMap((record) => factOf(record) ?? []),
    )
  }
}
