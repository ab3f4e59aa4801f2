/**
 * Pure shaping of a Numbers view into what the tables and charts show. Flow figures are
 * observation counts and add up; person-level counts may be "<5" and never do: a chart
 * of them draws the known counts only (the table shows every "< 5").
 */
import { CASE_STATUSES, DIRECTIONS, TRANSPORT_MODES } from '@/shared/schemas/codes'
import type { FmpStatusKind } from '@/shared/schemas/fmp-status'
import {
  SUPPRESSED,
  WAIT_BANDS,
  type FlowDayRow,
  type FlowDayStatus,
  type FlowNationalityRow,
  type FlowTransportRow,
  type SuppressedCount,
} from '@/shared/schemas/stats'

type Direction = (typeof DIRECTIONS)[number]
export type ByDirection = Record<Direction, number>

export interface FlowDay {
  day: string
  incoming: number
  outgoing: number
  /** Whether the day has tallies (else it is here for its status: zeros). */
  counted: boolean
  /** The FMP was recorded closed or without flow that day (closed first). */
  status?: FmpStatusKind
  /** Whether `status` covers the whole day, else a part of it; unknown from an older server. */
  allDay?: boolean
}

/**
 * Persons per day and direction, for each site (sites and days in order), with each
 * day's FMP status; a day recorded closed or without flow and without tallies is a day
 * of zeros, so that it reads apart from a day without data (absent).
 */
export function flowsBySite(
  rows: readonly FlowDayRow[],
  statuses: readonly FlowDayStatus[] = [],
): Map<string, FlowDay[]> {
  const sites = new Map<string, Map<string, FlowDay>>()
  const dayOf = (siteCode: string, day: string) => {
    const days = sites.get(siteCode) ?? new Map<string, FlowDay>()
    sites.set(siteCode, days)
    const entry = days.get(day) ?? { day, incoming: 0, outgoing: 0, counted: false }
    days.set(day, entry)
    return entry
  }
  for (const row of rows) {
    const day = dayOf(row.siteCode, row.day)
    day[row.direction] += row.total
    day.counted = true
  }
  for (const { siteCode, day, status, allDay } of statuses) {
    const entry = dayOf(siteCode, day)
    entry.status = status
    if (allDay !== undefined) entry.allDay = allDay
  }
  return new Map(
    [...sites.keys()].sort().map((site) => {
      const days = [...(sites.get(site)?.values() ?? [])].sort((a, b) => a.day.localeCompare(b.day))
      return [site, days]
    }),
  )
}

export const SEX_AGE = ['men', 'women', 'boys', 'girls'] as const
export type SexAge = (typeof SEX_AGE)[number]

/** Persons by sex and age, for each direction, over the whole range. */
export function sexAgeByDirection(rows: readonly FlowDayRow[]): Record<Direction, Record<SexAge | 'total', number>> {
  const zero = () => ({ men: 0, women: 0, boys: 0, girls: 0, total: 0 })
  const out = { incoming: zero(), outgoing: zero() }
  for (const row of rows) {
    const into = out[row.direction]
    for (const key of [...SEX_AGE, 'total'] as const) into[key] += row[key]
  }
  return out
}

export interface CountryFlow extends ByDirection {
  country: string
  total: number
}

/** The `limit` nationalities seen most, by direction, most first (ties by code). */
export function topNationalities(rows: readonly FlowNationalityRow[], limit = 10): CountryFlow[] {
  const byCountry = new Map<string, CountryFlow>()
  for (const row of rows) {
    const entry = byCountry.get(row.country) ?? { country: row.country, incoming: 0, outgoing: 0, total: 0 }
    entry[row.direction] += row.count
    entry.total += row.count
    byCountry.set(row.country, entry)
  }
  return [...byCountry.values()].sort((a, b) => b.total - a.total || a.country.localeCompare(b.country)).slice(0, limit)
}

export interface TransportFlow {
  transport: (typeof TRANSPORT_MODES)[number]
  total: number
  tallies: number
}

/** Persons and tallies by means of transport, in the list's order; modes not seen are left out. */
export function byTransport(rows: readonly FlowTransportRow[]): TransportFlow[] {
  const sums = new Map<TransportFlow['transport'], TransportFlow>()
  for (const row of rows) {
    const entry = sums.get(row.transport) ?? { transport: row.transport, total: 0, tallies: 0 }
    entry.total += row.total
    entry.tallies += row.tallies
    sums.set(row.transport, entry)
  }
  return TRANSPORT_MODES.flatMap((mode) => sums.get(mode) ?? [])
}

/** The order of each person-level breakdown's categories (codes lists, wait bands). */
export const CATEGORY_ORDER = {
  waited: WAIT_BANDS,
  status: CASE_STATUSES,
} as const

/** Sorts person-level rows by site, then by `order` of their category (else by its text). */
export function sortRows<R extends { siteCode: string }>(
  rows: readonly R[],
  category: (row: R) => string,
  order: readonly string[] = [],
): R[] {
  const rank = (row: R) => {
    const i = order.indexOf(category(row))
    return i === -1 ? order.length : i
  }
  return [...rows].sort(
    (a, b) => a.siteCode.localeCompare(b.siteCode) || rank(a) - rank(b) || category(a).localeCompare(category(b)),
  )
}

/** Rows sorted by site, in one list per site (sites in the rows' order). */
export function bySite<R extends { siteCode: string }>(rows: readonly R[]): [site: string, rows: R[]][] {
  const sites = new Map<string, R[]>()
  for (const row of rows) sites.set(row.siteCode, [...(sites.get(row.siteCode) ?? []), row])
  return [...sites]
}

export interface KnownSum {
  category: string
  /** The sum of the counts of 5 and more. */
  known: number
  /** Whether some site's count was "<5" (not in `known`). */
  partly: boolean
}

/** Per category, the sum of the known counts across sites, for a chart. */
export function knownSums<R extends { count: SuppressedCount }>(
  rows: readonly R[],
  category: (row: R) => string,
  order: readonly string[] = [],
): KnownSum[] {
  const sums = new Map<string, KnownSum>()
  for (const row of rows) {
    const key = category(row)
    const entry = sums.get(key) ?? { category: key, known: 0, partly: false }
    if (row.count === SUPPRESSED) entry.partly = true
    else entry.known += row.count
    sums.set(key, entry)
  }
  const rank = (c: string) => (order.includes(c) ? order.indexOf(c) : order.length)
  return [...sums.values()].sort((a, b) => rank(a.category) - rank(b.category) || b.known - a.known)
}
