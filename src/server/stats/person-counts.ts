/**
 * Person-level figures (stats endpoints 5–8, the registrations-by-centre export):
 * counted over the current, not deleted records of the sites, then published with
 * counts of 1–4 as "<5" (schemas/stats.ts). The vulnerable and AVRR rules are the app's
 * (case-rules.ts), an open referral is the referral schema's.
 */
import { isUnderAvrr, isVulnerable } from '../../shared/case-rules'
import { ASSISTANCE_TYPES, CASE_STATUSES, REFERRAL_STATUSES } from '../../shared/schemas/codes'
import { UNKNOWN_COUNTRY } from '../../shared/schemas/common'
import { isOpenReferral } from '../../shared/schemas/referral'
import {
  suppress,
  type AssistanceStatsRow,
  type AvrrStatsRow,
  type OpenReferralStatsRow,
  type RegistrationStatsRow,
  type WaitBand,
} from '../../shared/schemas/stats'
import type { DayRange } from '../../shared/stats/flow-figures'
import type { Db } from '../db/open'
import { addDays, daysBetween } from './days'
import { readRecords } from './read-records'

const isDay = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
const isOneOf = <T extends string>(codes: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (codes as readonly string[]).includes(value)
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Counts rows by key; the key's parts come back with each count. */
class Tally<K> {
  private readonly counts = new Map<string, { key: K; count: number }>()
  add(id: string, key: K): void {
    const entry = this.counts.get(id)
    if (entry === undefined) this.counts.set(id, { key, count: 1 })
    else entry.count += 1
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
  for await (const { siteCode, data } of readRecords(db, {
    entity: 'registration',
    sites,
    from,
    before: addDays(to, 1),
  })) {
    if (!isDay(data.registeredOn) || data.registeredOn < from || data.registeredOn > to) continue
    const nationality = typeof data.nationality === 'string' ? data.nationality : UNKNOWN_COUNTRY
    const vulnerabilities = Array.isArray(data.vulnerabilities) ? (data.vulnerabilities as string[]) : []
    const vulnerable = isVulnerable({ vulnerabilities })
    // false sorts before true: 0 before 1
    counts.add(`${siteCode}|${nationality}|${Number(vulnerable)}`, { siteCode, nationality, vulnerable })
  }
  return counts.rows((key, count) => ({ ...key, count }))
}

/** 6. Assistance provided on a day of the range, by centre and type. */
export async function assistanceCounts(
  db: Db,
  sites: readonly string[],
  { from, to }: DayRange,
): Promise<AssistanceStatsRow[]> {
  const counts = new Tally<Omit<AssistanceStatsRow, 'count'>>()
  for await (const { siteCode, data } of readRecords(db, {
    entity: 'assistance',
    sites,
    from,
    before: addDays(to, 1),
  })) {
    if (!isDay(data.providedOn) || data.providedOn < from || data.providedOn > to) continue
    if (!isOneOf(ASSISTANCE_TYPES, data.type)) continue
    counts.add(`${siteCode}|${data.type}`, { siteCode, type: data.type })
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
 * then (still open, or answered only after it), by centre and days waited.
 */
export async function openReferralCounts(
  db: Db,
  sites: readonly string[],
  { to }: DayRange,
): Promise<OpenReferralStatsRow[]> {
  const counts = new Tally<Omit<OpenReferralStatsRow, 'count'>>()
  for await (const { siteCode, data } of readRecords(db, { entity: 'referral', sites, before: addDays(to, 1) })) {
    const { sentOn, statusOn, status } = data
    if (!isDay(sentOn) || sentOn > to || !isOneOf(REFERRAL_STATUSES, status)) continue
    const openThen = isOpenReferral({ status }) || (isDay(statusOn) && statusOn > to)
    if (!openThen) continue
    const waited = waitBand(sentOn, to)
    counts.add(`${siteCode}|${waited}`, { siteCode, waited })
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
  for await (const { siteCode, data } of readRecords(db, { entity: 'registration', sites, before: addDays(to, 1) })) {
    if (!isDay(data.registeredOn) || data.registeredOn > to || !isOneOf(CASE_STATUSES, data.caseStatus)) continue
    if (!isUnderAvrr({ caseStatus: data.caseStatus, avrr: data.avrr })) continue
    counts.add(`${siteCode}|${data.caseStatus}`, { siteCode, status: data.caseStatus })
  }
  const order = (status: string) => (CASE_STATUSES as readonly string[]).indexOf(status)
  return counts
    .rows((key, count) => ({ ...key, count }))
    .sort((a, b) => compare(a.siteCode, b.siteCode) || order(a.status) - order(b.status))
}
