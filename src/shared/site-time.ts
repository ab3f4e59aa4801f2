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
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10)
}

/** The site's day after `at`'s: the latest day an event may carry (a phone's clock may run a little ahead). */
export function siteTomorrow(at: Date = new Date()): string {
  return siteDay(new Date(at.getTime() + DAY_MS))
}
