/**
 * The site form's values (text as typed) and what they become: a site for the API, and
 * the field messages for the schema's or the server's issues (by their stable codes).
 */
import { tooBigMessage } from '@/components/field-message'
import type { Site } from '@/shared/schemas/site'
import { readDecimal } from '@/shared/text/typed-digits'

export type SiteField = 'code' | 'name' | 'kind' | 'adm1' | 'lat' | 'lon'
/** i18n keys, per field, plus `form` for what belongs to no field. */
export type SiteErrors = Partial<Record<SiteField | 'form', string>>

export interface SiteValues {
  code: string
  name: string
  kind: Site['kind'] | ''
  adm1: string
  lat: string
  lon: string
}

export const SITE_FIELDS: readonly SiteField[] = ['code', 'name', 'kind', 'adm1', 'lat', 'lon']

export const SITE_LABELS: Record<SiteField, string> = {
  code: 'sites.code',
  name: 'sites.name',
  kind: 'sites.kind',
  adm1: 'sites.adm1',
  lat: 'sites.lat',
  lon: 'sites.lon',
}

export const emptySite = (): SiteValues => ({ code: '', name: '', kind: '', adm1: '', lat: '', lon: '' })

export const siteToValues = (site: Site): SiteValues => ({
  code: site.code,
  name: site.name,
  kind: site.kind,
  adm1: site.adm1,
  lat: site.lat === null ? '' : String(site.lat),
  lon: site.lon === null ? '' : String(site.lon),
})

/**
 * A coordinate as typed (typed-digits.ts: the phone's digits, Arabic ones too, and a point,
 * a French comma or the Arabic decimal separator): empty is none; anything that is not a
 * decimal number stays text, which the schema refuses at its field.
 */
export function coordinate(text: string): number | null | string {
  const read = readDecimal(text)
  if (read.ok) return read.value
  return read.problem === 'empty' ? null : text
}

/** The values as the API's new site (codes in capitals: people type "ing-fmp"). */
export const valuesToSite = (v: SiteValues) => ({
  code: v.code.trim().toUpperCase(),
  name: v.name,
  kind: v.kind,
  adm1: v.adm1,
  lat: coordinate(v.lat),
  lon: coordinate(v.lon),
})

interface Issue {
  readonly path: readonly PropertyKey[]
  readonly code?: string
  readonly params?: unknown
  /** A limit, in a local check's issue (the server's answer does not say it). */
  readonly origin?: string
  readonly maximum?: number | bigint
}

/** A refinement's stable code (params.rule), as the server answers it. */
function codeOf(issue: Issue): string | undefined {
  const rule = (issue.params as { rule?: unknown } | undefined)?.rule
  return typeof rule === 'string' ? rule : issue.code
}

/** The first issue per field wins; `values` tells "empty" from "wrong". */
export function issuesToSiteErrors(issues: readonly Issue[], values: SiteValues): SiteErrors {
  const errors: SiteErrors = {}
  for (const issue of issues) {
    const head = issue.path[0]
    const field: SiteField | 'form' = typeof head === 'string' && head in SITE_LABELS ? (head as SiteField) : 'form'
    if (errors[field]) continue
    errors[field] = messageKey(field, issue, values)
  }
  return errors
}

function messageKey(field: SiteField | 'form', issue: Issue, values: SiteValues): string {
  const code = codeOf(issue)
  if (field === 'form') return code === 'unrecognized_keys' ? 'sites.errors.codeFixed' : 'form.invalid'
  if (code === 'coordinates_pair') return 'sites.errors.coordinatesPair'
  if (code === 'site_kind_in_use') return 'sites.errors.kindInUse'
  if (values[field].trim() === '') return 'form.required'
  switch (field) {
    case 'code':
      return 'sites.errors.codeRule'
    case 'lat':
    case 'lon':
      return code === 'invalid_type' ? 'sites.errors.notANumber' : `sites.errors.outsideNiger.${field}`
    default:
      return code === 'too_big' ? tooBigMessage(issue) : 'form.invalid'
  }
}
