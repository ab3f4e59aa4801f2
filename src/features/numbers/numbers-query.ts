/**
 * The Numbers filters: a range of Niger days (the last 30 by default) and the sites to
 * count. An empty site list means every site the user covers (the server's default), so
 * that a site added since the last sync still counts.
 */
import { siteDay } from '@/components/dates'

export interface NumbersQuery {
  from: string
  to: string
  /** Empty: every site the user covers. */
  sites: string[]
}

export const DEFAULT_DAYS = 30
const DAY_MS = 86_400_000

/** `day` moved by `days` (both `YYYY-MM-DD`). */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10)
}

/** The last 30 days at the site, today included, at every site the user covers. */
export function defaultQuery(now: Date = new Date()): NumbersQuery {
  const to = siteDay(now)
  return { from: addDays(to, -(DEFAULT_DAYS - 1)), to, sites: [] }
}

/** The query string of every stats call. */
export function queryParams(query: NumbersQuery): URLSearchParams {
  const params = new URLSearchParams({ from: query.from, to: query.to })
  if (query.sites.length > 0) params.set('sites', query.sites.join(','))
  return params
}
