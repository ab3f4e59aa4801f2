/**
 * "The day" of a record is the local date at its site: Niger is Africa/Niamey (UTC+1,
 * no daylight saving), whatever the phone's own time zone says.
 */
import { intlLocale } from '@/i18n/languages'
import { SITE_OFFSET, SITE_TIME_ZONE, siteDay } from '@/shared/site-time'

export { SITE_TIME_ZONE, siteDay }

const timeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: SITE_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
})

/** A `datetime-local` value (`YYYY-MM-DDTHH:mm`) for `at`, at the site. */
export function siteDateTimeInput(at: Date = new Date()): string {
  return `${siteDay(at)}T${timeFormat.format(at)}`
}

/** A `datetime-local` value read as site time, as an ISO timestamp with its offset. */
export function siteInputToIso(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined
  return `${value}:00${SITE_OFFSET}`
}

/** An estimated age in whole years, as the date of birth it stands for at `onDay`. */
export function estimatedDateOfBirth(ageYears: number, onDay: string): string {
  const [y, m, d] = onDay.split('-').map(Number) as [number, number, number]
  const year = String(y - ageYears).padStart(4, '0')
  // 29 February of a non-leap year becomes 28 February
  const day = m === 2 && d === 29 ? 28 : d
  return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** "14:03" at the site. */
export function formatSiteTime(iso: string): string {
  return timeFormat.format(new Date(iso))
}

/** How a day is written: "12 mars 2026", "12 mars", "12/03". */
const DAY_STYLES = {
  full: { day: 'numeric', month: 'short', year: 'numeric' },
  dayMonth: { day: 'numeric', month: 'short' },
  numeric: { day: 'numeric', month: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>
type DayStyle = keyof typeof DAY_STYLES

/** Made once per language and style: a screen writes many days, and making a format costs more than using it. */
const dayFormats = new Map<string, Intl.DateTimeFormat>()

function dayFormat(lang: string, style: DayStyle): Intl.DateTimeFormat {
  const key = `${lang} ${style}`
  let format = dayFormats.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(lang), { timeZone: SITE_TIME_ZONE, ...DAY_STYLES[style] })
    dayFormats.set(key, format)
  }
  return format
}

/**
 * Makes every day format of `lang` now: called in an idle moment after unlock, so that the
 * first screen writing a day (Today, a case's timeline) does not make them while it draws.
 */
export function prepareDayFormats(lang: string): void {
  for (const style of Object.keys(DAY_STYLES) as DayStyle[]) dayFormat(lang, style)
}

/** A day (`YYYY-MM-DD`) or timestamp, written for `lang` ("12 mars 2026", or "12/03" in the `numeric` style). */
export function formatDay(dayOrIso: string, lang: string, style: 'full' | 'numeric' = 'full'): string {
  const at = dayOrIso.length === 10 ? new Date(`${dayOrIso}T12:00:00${SITE_OFFSET}`) : new Date(dayOrIso)
  return dayFormat(lang, style).format(at)
}

/** "14:03" today, or "12 mars 14:03" on another day. */
export function formatWhen(iso: string, lang: string, now: Date = new Date()): string {
  const at = new Date(iso)
  if (siteDay(at) === siteDay(now)) return formatSiteTime(iso)
  const day = dayFormat(lang, 'dayMonth').format(at)
  return `${day} ${formatSiteTime(iso)}`
}
