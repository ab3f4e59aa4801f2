/**
 * "The day" of a record is the local date at its site: Niger is Africa/Niamey, UTC+1
 * all year (no daylight saving), whatever the phone's own time zone says. Plain
 * arithmetic, so that schemas on the server and the phone agree without Intl data.
 */
export const SITE_TIME_ZONE = 'Africa/Niamey'
export const SITE_OFFSET = '+01:00'
const OFFSET_MS = 60 * 60 * 1000
const DAY_MS = 24 * 60 * 60 * 1000

/** `YYYY-MM-DD` at the site. */
export function siteDay(at: Date = new Date()): string {
  return dayText(Math.floor((at.getTime() + OFFSET_MS) / DAY_MS))
}

/** `at` as an ISO timestamp at the site, to the second: `2026-12-07T11:56:05+01:00` for `2026-12-07T10:56:05.120Z`. */
export function siteTimestamp(at: Date): string {
  return `${new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19)}${SITE_OFFSET}`
}

/** The site's day after `at`'s: the latest day an event may carry (a phone's clock may run a little ahead). */
export function siteTomorrow(at: Date = new Date()): string {
  return dayText(Math.floor((at.getTime() + OFFSET_MS) / DAY_MS) + 1)
}

// Schemas ask for today's date at every record they check (a date may not be in the
// future): a page of 500 pulled records asks 1,000 times for the same day or two, so the
// last few days' texts are kept rather than formatted again.
const recentDays = new Map<number, string>()

/** The text of a day counted from 1970-01-01 (an invalid date throws, as toISOString does). */
function dayText(day: number): string {
  let text = recentDays.get(day)
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10)
    if (recentDays.size >= 8) recentDays.clear()
    recentDays.set(day, text)
  }
  return text
}
