/**
 * What the registration export holds without personal data: a file any supervisor may
 * take away, unaudited as to whom it names, so it must single no one out. A row per
 * person with the day they came and rare protection flags (trafficking, gender-based
 * violence, torture) could: at a centre that registers a handful of people a day, "the
 * Nigerian woman registered on 3 November, survivor of gender-based violence" is one
 * person. So the row-level file goes by month, never by day (its `registeredMonth`
 * stands for `registeredOn`, a range of days widens to whole months, the consent day
 * stays out), and carries no vulnerability: those are counted, with counts under 5 as
 * "<5", in the registrations-per-centre figures, or read case by case in the personal
 * export, which is audited under the supervisor's name.
 */
import type { ExportDays } from '../../shared/schemas/export'

/** The month (`YYYY-MM`) of a registration, from its day. */
export function registrationMonth(data: Record<string, unknown>): string | undefined {
  const day = data.registeredOn
  return typeof day === 'string' && /^\d{4}-\d{2}/.test(day) ? day.slice(0, 7) : undefined
}

/** The last day of a day's month (`2026-02-10` → `2026-02-28`). */
function monthEnd(day: string): string {
  const [year, month] = day.split('-').map(Number)
  // day 0 of the next month is the last of this one
  const last = new Date(Date.UTC(year!, month!, 0)).getUTCDate()
  return `${day.slice(0, 7)}-${String(last).padStart(2, '0')}`
}

/**
 * The days a registration export without personal data reads: the whole months of the
 * days asked for, so that a range of one day cannot give back the day its month hides.
 */
export function wholeMonths({ from, to }: ExportDays): ExportDays {
  return {
    ...(from === undefined ? {} : { from: `${from.slice(0, 7)}-01` }),
    ...(to === undefined ? {} : { to: monthEnd(to) }),
  }
}
