/**
 * A record export's range of days (schemas/export.ts, EXPORT_DATE) as the database
 * narrows it and as the stream keeps it. Dates are text in the records' JSON and sort
 * as text, so the read asks for a text range of each date field: exact for a day field
 * (`registeredOn`…); for a time (`observedAt`, a case event's `at`), whose own date may
 * differ from its day in Niger by one day either way, a day wider on each side, the
 * stream then keeping the exact days; an FMP status by its period, kept when it overlaps
 * the days. Registrations, assistance, referrals and flow counts have an index on their
 * date (migrations/0011-stats-days.ts): their export reads the range through it.
 */
import { sql, type RawBuilder } from 'kysely'
import { statusOverlaps } from '../../shared/schemas/fmp-status'
import { EXPORT_DATE, type ExportDays } from '../../shared/schemas/export'
import type { Entity } from '../../shared/schemas/entities'
import { SITE_OFFSET, siteDay } from '../../shared/site-time'
import { STATS_DAY_FIELDS } from '../db/migrations/0011-stats-days'
import { isPostgres, type Db } from '../db/open'
import { addDays } from '../stats/days'
import type { RecordData } from '../store/records'

/** A top-level text field of a record's JSON, as SQL: the same expression as the date indexes'. */
export function jsonText(db: Db, field: string): RawBuilder<string> {
  return isPostgres(db)
    ? sql<string>`relais_json_text(data, ${sql.lit(field)})`
    : sql<string>`json_extract(data, ${sql.lit(`$.${field}`)})`
}

/** Records whose `text` is at least `atLeast` and below `below` (either may be absent). */
export interface TextRange {
  text: RawBuilder<string>
  atLeast?: string | undefined
  below?: string | undefined
}

export interface DayFilter {
  /** The text ranges the read asks for: they hold every record of the days, and maybe a few more. */
  ranges: TextRange[]
  /** The range whose text has an index to page by (in its order), if any. */
  indexed?: TextRange | undefined
  /** Whether a record lies in the days, exactly. */
  keeps(data: RecordData): boolean
}

const startOf = (day: string) => Date.parse(`${day}T00:00:00${SITE_OFFSET}`)

/** The filter of `days` for an entity's export; undefined when neither end is given. */
export function exportDayFilter(db: Db, entity: Entity, { from, to }: ExportDays): DayFilter | undefined {
  if (from === undefined && to === undefined) return undefined
  const inDays = (day: string) => (from === undefined || day >= from) && (to === undefined || day <= to)
  const date: { day: string } | { time: string } | { period: readonly [string, string] } = EXPORT_DATE[entity]
  if ('period' in date) {
    const [start, end] = date.period
    // kept when it starts before the end of `to` and ends after the start of `from`
    const since = from === undefined ? -Infinity : startOf(from)
    const until = to === undefined ? Infinity : startOf(addDays(to, 1))
    return {
      ranges: [
        { text: jsonText(db, start), below: to && addDays(to, 2) },
        { text: jsonText(db, end), atLeast: from && addDays(from, -1) },
      ],
      keeps: (data) =>
        typeof data[start] === 'string' &&
        typeof data[end] === 'string' &&
        statusOverlaps({ from: data[start], to: data[end] }, since, until),
    }
  }
  const field = 'day' in date ? date.day : date.time
  const range: TextRange =
    'day' in date
      ? { text: jsonText(db, field), atLeast: from, below: to && addDays(to, 1) }
      : { text: jsonText(db, field), atLeast: from && addDays(from, -1), below: to && addDays(to, 2) }
  const indexed = (STATS_DAY_FIELDS as Partial<Record<Entity, string>>)[entity] === field ? range : undefined
  return {
    ranges: [range],
    indexed,
    keeps: (data) => {
      const value = data[field]
      if (typeof value !== 'string') return false
      if ('day' in date) return inDays(value)
      const at = new Date(value)
      return !Number.isNaN(at.getTime()) && inDays(siteDay(at))
    },
  }
}
