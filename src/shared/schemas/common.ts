/** Field building blocks shared by every entity schema. */
import { z } from 'zod'
import countries from 'i18n-iso-countries'

/** ISO 3166-1 alpha-3 codes, plus `OOO` for "unknown" (DTM practice). */
export const UNKNOWN_COUNTRY = 'OOO'
const countryCodes = new Set([...Object.keys(countries.getAlpha3Codes()), UNKNOWN_COUNTRY])

export const countryCodeSchema = z
  .string()
  .refine((code) => countryCodes.has(code), { message: 'Not an ISO 3166-1 alpha-3 country code' })

export const uuidSchema = z.uuid()
/** A calendar day, `YYYY-MM-DD`: "the day" of a record at its site. */
export const daySchema = z.iso.date()
export const timestampSchema = z.iso.datetime({ offset: true })
export const siteCodeSchema = z.string().regex(/^[A-Z0-9-]{2,20}$/, 'Not a site code')
/** Free text typed by a person: trimmed, never empty when present, bounded. */
export const textSchema = (max = 200) => z.string().trim().min(1).max(max)
export const countSchema = z.int().min(0).max(100_000)

/** A set of codes: each at most once. */
export function codeSetSchema<const T extends readonly [string, ...string[]]>(codes: T) {
  return z
    .array(z.enum(codes))
    .refine((list) => new Set(list).size === list.length, { message: 'A code is listed twice' })
}

/** Fields every record's `data` carries (sync-protocol.md: id, createdAt, updatedAt). */
export const recordMetaShape = {
  id: uuidSchema,
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  siteCode: siteCodeSchema,
}
