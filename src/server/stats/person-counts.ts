/**
 * Person-level figures (stats endpoints 5–9, the registrations-by-centre and
 * vulnerabilities-by-centre exports):
 * counted over the current, not deleted records of the sites, then published with
 * counts of 1–4 as "<5" (schemas/stats.ts). The vulnerable and AVRR rules are the app's
 * (case-rules.ts), an open referral is the referral schema's: stats-facts.ts applies
 * them to each record as it is written, and the counts here are SQL aggregates over
 * those facts, grouped by what each figure needs.
 */
import { CASE_STATUSES, REFERRAL_STATUSES, VULNERABILITIES } from '../../shared/schemas/codes'
import { isOpenReferral } from '../../shared/schemas/referral'
import {
  suppress,
  type AssistanceStatsRow,
  type AvrrStatsRow,
  type OpenReferralStatsRow,
  type RegistrationStatsRow,
  type RegistrationVulnerabilityRow,
  type WaitBand,
} from '../../shared/schemas/stats'
import type { DayRange } from '../../shared/stats/flow-figures'
import type { Db } from '../db/open'
import { daysBetween } from './days'

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
/** The open statuses of a referral, by the referral schema's rule. */
const OPEN_STATUSES = REFERRAL_STATUSES.filter((status) => isOpenReferral({ status }))

/** Counts rows by key; the key's parts come back with each count. */
class Tally<K> {
  private readonly counts = new Map<string, { key: K; count: number }>()
  add(id: string, key: K, n = 1): void {
    const entry = this.counts.get(id)
    if (entry === undefined) this.counts.set(id, { key, count: n })
    else entry.count += n
  }
  /** Sorted by their ids (`siteCode|…`), counts suppressed. */
  rows<R>(row: (key: K, count: ReturnType<typeof suppress>) => R): R[] {
    return [...this.counts.entries()]
      .sort(([a], [b]) => compare(a, b))
      .map(([, { key, count }]) => row(key, suppress(count)))
  }
}

/** 5. Registrations whose registration day lies in the range, by centre, nationality and vulnerability. */
export async function registrationCounts(
  db: Db,
  sites: readonly string[],
  { from, to }: DayRange,
): Promise<RegistrationStatsRow[]> {
  const counts = new Tally<Omit<RegistrationStatsRow, 'count'>>()
  if (sites.length === 0) return []
  const rows = await db
    .selectFrom('stats_facts')
    .select(({ fn }) => ['site_code', 'label', 'vulnerable', fn.countAll<number | string>().as('n')])
    .where('entity', '=', 'registration')
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('site_code', 'in', sites)
    .groupBy(['site_code', 'label', 'vulnerable'])
    .execute()
  for (const { site_code: siteCode, label: nationality, vulnerable, n } of rows) {
    // false sorts before true: 0 before 1
    counts.add(
      `${siteCode}|${nationality}|${vulnerable}`,
      { siteCode, nationality, vulnerable: vulnerable === 1 },
      Number(n),
    )
  }
  return counts.rows((key, count) => ({ ...key, count }))
}

/**
 * 9. Registrations whose registration day lies in the range, by centre and vulnerability
 * flag (stats_vulnerabilities, vulnerability-facts.ts), in the order of VULNERABILITIES.
 */
export async function registrationVulnerabilityCounts(
  db: Db,
  sites: readonly string[],
  { from, to }: DayRange,
): Promise<RegistrationVulnerabilityRow[]> {
  const counts = new Tally<Omit<RegistrationVulnerabilityRow, 'count'>>()
  if (sites.length === 0) return []
  const rows = await db
    .selectFrom('stats_vulnerabilities')
    .select(({ fn }) => ['site_code', 'vulnerability', fn.countAll<number | string>().as('n')])
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('site_code', 'in', sites)
    .groupBy(['site_code', 'vulnerability'])
    .execute()
  for (const { site_code: siteCode, vulnerability: code, n } of rows) {
    const vulnerability = code as RegistrationVulnerabilityRow['vulnerability']
    counts.add(`${siteCode}|${vulnerability}`, { siteCode, vulnerability }, Number(n))
  }
  // the flags in the form's order (unaccompanied child first), not alphabetical
  const order = (code: string) => (VULNERABILITIES as readonly string[]).indexOf(code)
  return counts
    .rows((key, count) => ({ ...key, count }))
    .sort((a, b) => compare(a.siteCode, b.siteCode) || order(a.vulnerability) - order(b.vulnerability))
}

/** 6. Assistance provided on a day of the range, by centre and type. */
export async function assistanceCounts(
  db: Db,
  sites: readonly string[],
  { from, to }: DayRange,
): Promise<AssistanceStatsRow[]> {
  const counts = new Tally<Omit<AssistanceStatsRow, 'count'>>()
  if (sites.length === 0) return []
  const rows = await db
    .selectFrom('stats_facts')
    .select(({ fn }) => ['site_code', 'label', fn.countAll<number | string>().as('n')])
    .where('entity', '=', 'assistance')
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('site_code', 'in', sites)
    .groupBy(['site_code', 'label'])
    .execute()
  for (const { site_code: siteCode, label, n } of rows) {
    const type = label as AssistanceStatsRow['type']
    counts.add(`${siteCode}|${type}`, { siteCode, type }, Number(n))
  }
  return counts.rows((key, count) => ({ ...key, count }))
}

/** How long a referral sent on `sentOn` has waited at `day`. */
export function waitBand(sentOn: string, day: string): WaitBand {
  const days = daysBetween(sentOn, day)
  if (days <= 7) return '0-7'
  if (days <= 30) return '8-30'
  return days <= 90 ? '31-90' : '91+'
}

/**
 * 7. Referrals open at the end of the range: sent by then, and pending or accepted
 * then (still open, or answered only after it), by centre and days waited. Counted by
 * the day they were sent, which decides the band.
 */
export async function openReferralCounts(
  db: Db,
  sites: readonly string[],
  { to }: DayRange,
): Promise<OpenReferralStatsRow[]> {
  const counts = new Tally<Omit<OpenReferralStatsRow, 'count'>>()
  if (sites.length === 0) return []
  const rows = await db
    .selectFrom('stats_facts')
    .select(({ fn }) => ['site_code', 'day', fn.countAll<number | string>().as('n')])
    .where('entity', '=', 'referral')
    .where('day', '<=', to)
    .where('site_code', 'in', sites)
    .where((eb) => eb.or([eb('label', 'in', OPEN_STATUSES), eb('status_on', '>', to)]))
    .groupBy(['site_code', 'day'])
    .execute()
  for (const { site_code: siteCode, day, n } of rows) {
    const waited = waitBand(day, to)
    counts.add(`${siteCode}|${waited}`, { siteCode, waited }, Number(n))
  }
  // the bands sort as text: '0-7' < '31-90' < '8-30' < '91+'; the contract wants them in order of waiting
  const order = (band: WaitBand) => ['0-7', '8-30', '31-90', '91+'].indexOf(band)
  return counts
    .rows((key, count) => ({ ...key, count }))
    .sort((a, b) => compare(a.siteCode, b.siteCode) || order(a.waited) - order(b.waited))
}

/**
 * 8. The AVRR pipeline at the end of the range: cases under AVRR registered by then,
 * by centre and current case status (in the order a case moves).
 */
export async function avrrCounts(db: Db, sites: readonly string[], { to }: DayRange): Promise<AvrrStatsRow[]> {
  const counts = new Tally<Omit<AvrrStatsRow, 'count'>>()
  if (sites.length === 0) return []
  const rows = await db
    .selectFrom('stats_facts')
    .select(({ fn }) => ['site_code', 'case_status', fn.countAll<number | string>().as('n')])
    .where('entity', '=', 'registration')
    .where('under_avrr', '=', 1)
    .where('day', '<=', to)
    .where('site_code', 'in', sites)
    .where('case_status', 'is not', null)
    .groupBy(['site_code', 'case_status'])
    .execute()
  for (const { site_code: siteCode, case_status, n } of rows) {
    const status = case_status as AvrrStatsRow['status']
    counts.add(`${siteCode}|${status}`, { siteCode, status }, Number(n))
  }
  const order = (status: string) => (CASE_STATUSES as readonly string[]).indexOf(status)
  return counts
    .rows((key, count) => ({ ...key, count }))
    .sort((a, b) => compare(a.siteCode, b.siteCode) || order(a.status) - order(b.status))
}
