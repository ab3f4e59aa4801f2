/** Field building blocks shared by every entity schema. */
import { z } from 'zod'
import countries from 'i18n-iso-countries'
import { siteDay, siteTomorrow } from '../site-time'
import { cleanLine, cleanParagraphs } from '../text/clean-text'

/** ISO 3166-1 alpha-3 codes, plus `OOO` for "unknown" (DTM practice). */
export const UNKNOWN_COUNTRY = 'OOO'
const COUNTRY_CODES = [...Object.keys(countries.getAlpha3Codes()).sort(), UNKNOWN_COUNTRY]
const countryCodes = new Set(COUNTRY_CODES)

// A refinement (its error keeps the stable code `country_code`), published in the JSON
// Schema (GET /api/v1/schema) as the enum it is, so that a partner's client can check it.
export const countryCodeSchema = z
  .string()
  .refine((code) => countryCodes.has(code), {
    message: 'Not an ISO 3166-1 alpha-3 country code',
    params: { rule: 'country_code' },
  })
  .meta({ description: 'ISO 3166-1 alpha-3, or OOO for unknown', enum: COUNTRY_CODES })

export const uuidSchema = z.uuid()

/** A UUID of any case: RFC 9562 reads `AB…` and `ab…` as one UUID. */
const ANY_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Whether a UUID is written in its canonical form (RFC 9562): lowercase, as the app makes them (ids.ts). */
export function isCanonicalUuid(value: string): boolean {
  return ANY_CASE_UUID.test(value) && value === value.toLowerCase()
}

/** Whether a text is a UUID written otherwise than in lowercase: another spelling of a canonical one. */
export function isOtherUuidSpelling(value: string): boolean {
  return ANY_CASE_UUID.test(value) && !isCanonicalUuid(value)
}

/** The code of a UUID written otherwise than in lowercase where the server takes only its canonical form. */
export const UUID_NOT_LOWERCASE = 'uuid_not_lowercase'

/**
 * An id field that refuses a UUID written otherwise than in lowercase (`uuid_not_lowercase`),
 * whatever else `schema` takes: a user's id is short text, and the server makes it a
 * lowercase UUID, so a UUID in capitals can only be a slip or a probe.
 */
export function inLowercase<T extends z.ZodType<string>>(schema: T) {
  return schema.refine((value) => !isOtherUuidSpelling(value), {
    message: 'Write the UUID in lowercase',
    params: { rule: UUID_NOT_LOWERCASE },
  })
}

/**
 * A UUID a request names, in its canonical form only: a second spelling of one UUID would
 * otherwise be a second device, batch or mutation. Records keep `uuidSchema` (what is
 * stored must stay readable); a push checks their new ids (push-values.ts).
 */
export const canonicalUuidSchema = inLowercase(uuidSchema)
/** A calendar day, `YYYY-MM-DD`: "the day" of a record at its site. */
export const daySchema = z.iso.date()
export const timestampSchema = z.iso.datetime({ offset: true })

/** The code of a timestamp outside what any clock writes (bounds below). */
export const TIMESTAMP_OUT_OF_BOUNDS = 'timestamp_out_of_bounds'
/** The widest offsets in use (UTC−12:00 to UTC+14:00), either way. */
const MAX_OFFSET_MINUTES = 14 * 60
/** Nanoseconds: no clock writes finer. */
const MAX_FRACTION_DIGITS = 9
const TIMESTAMP_PARTS = /^(\d{4})-\d{2}-\d{2}T[\d:]+(?:\.(\d+))?(?:Z|z|([+-])(\d{2}):?(\d{2})?)$/

/**
 * Whether a timestamp (one `timestampSchema` takes) is one a clock writes: its year from
 * 1900 to 2100 (the days' bounds, EARLIEST_DAY and LATEST_PLANNED_DAY), its offset within
 * ±14:00, at most 9 digits of a fraction of a second. A year 0000 or 9999, an offset of
 * +23:59 or a fraction of 5,000 digits is a slip or a probe, never a time.
 */
export function timestampWithinBounds(value: string): boolean {
  const parts = TIMESTAMP_PARTS.exec(value)
  if (!parts) return false
  const [, year, fraction = '', , hours = '0', minutes = '0'] = parts
  const offset = Number(hours) * 60 + Number(minutes)
  return (
    year! >= EARLIEST_DAY.slice(0, 4) &&
    year! <= LATEST_PLANNED_DAY.slice(0, 4) &&
    fraction.length <= MAX_FRACTION_DIGITS &&
    offset <= MAX_OFFSET_MINUTES
  )
}

/**
 * A timestamp a request brings that the server keeps outside a record (a mutation's `at`,
 * the phone's oldest waiting change): within the bounds above. A record's own timestamps
 * keep `timestampSchema` (what is stored must stay readable); a push checks their new
 * values (push-values.ts).
 */
export const boundedTimestampSchema = timestampSchema.refine(
  (value) => !timestampSchema.safeParse(value).success || timestampWithinBounds(value),
  {
    message: 'Not a possible time: years 1900 to 2100, offset within ±14:00',
    params: { rule: TIMESTAMP_OUT_OF_BOUNDS },
  },
)

/** The earliest day an event of a record may carry (a birth, a registration…). */
export const EARLIEST_DAY = '1900-01-01'
/** The latest day a planned date may carry (a document's expiry, a travel date). */
export const LATEST_PLANNED_DAY = '2100-12-31'

/**
 * The day something happened: from 1900 to tomorrow at the site (a phone's clock may run
 * a little ahead; a year 9999 is a typing slip). Checked when parsed, so "tomorrow"
 * moves with the clock of whoever parses.
 */
export const eventDaySchema = daySchema.refine((day) => day >= EARLIEST_DAY && day <= siteTomorrow(), {
  message: 'Not a possible date: from 1900 to today',
  params: { rule: 'event_day' },
})

/** A day that may lie ahead (expiry, travel): from 1900 to 2100. */
export const plannedDaySchema = daySchema.refine((day) => day >= EARLIEST_DAY && day <= LATEST_PLANNED_DAY, {
  message: 'Not a possible date: from 1900 to 2100',
  params: { rule: 'planned_day' },
})

/** The moment something happened, with its offset: its day at the site lies from 1900 to tomorrow. */
export const eventTimestampSchema = timestampSchema.refine(
  (at) => {
    // the refinement runs even when the format check failed: a year such as +275760 stops here
    if (!/^\d{4}-/.test(at)) return false
    const time = new Date(at)
    return !Number.isNaN(time.getTime()) && siteDay(time) >= EARLIEST_DAY && siteDay(time) <= siteTomorrow()
  },
  { message: 'Not a possible time: from 1900 to now', params: { rule: 'event_day' } },
)
export const siteCodeSchema = z.string().regex(/^[A-Z0-9-]{2,20}$/, 'Not a site code')
/**
 * One line of free text typed by a person (a name, a town): cleaned (clean-text.ts:
 * NFC, no invisible controls, trimmed), never empty when present, bounded.
 */
export const textSchema = (max = 200) => z.string().overwrite(cleanLine).min(1).max(max)
/** Free text that may hold several lines (notes, reasons): cleaned like textSchema, line breaks kept. */
export const paragraphsSchema = (max = 2000) => z.string().overwrite(cleanParagraphs).min(1).max(max)
/** A user id a record names (who registered, who provided): the server's ids are short text. */
export const userRefSchema = z.string().overwrite(cleanLine).min(1).max(100)
export const countSchema = z.int().min(0).max(100_000)

/** A set of codes: each at most once. */
export function codeSetSchema<const T extends readonly [string, ...string[]]>(codes: T) {
  return z.array(z.enum(codes)).refine((list) => new Set(list).size === list.length, {
    message: 'A code is listed twice',
    params: { rule: 'listed_twice' },
  })
}

/** Fields every record's `data` carries (sync-protocol.md: id, createdAt, updatedAt). */
export const recordMetaShape = {
  id: uuidSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  siteCode: siteCodeSchema,
}
