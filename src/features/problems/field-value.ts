/**
 * A field of a record in the supervisor's words: its label (every top-level field of every
 * entity has one, in each language) and its value, with codes, countries and yes/no
 * translated. A field a newer server added is still named, never shown as a raw key alone.
 */
import type { TFunction, i18n as I18n } from 'i18next'
import { countryName } from '@/i18n/countries'
import type { Entity } from '@/shared/schemas/entities'

/** The `codes.<list>` of a coded field; `<entity>.<field>` first, where one name means two lists. */
const CODE_LISTS: Record<string, string> = {
  sex: 'sex',
  caseStatus: 'caseStatus',
  entryChannel: 'entryChannel',
  vulnerabilities: 'vulnerability',
  maritalStatus: 'maritalStatus',
  educationLevel: 'educationLevel',
  closureReason: 'closureReason',
  consentGivenBy: 'consentGiver',
  ageGroup: 'ageGroup',
  relationship: 'householdRelationship',
  reasonsForLeaving: 'reasonForLeaving',
  intentionNow: 'intention',
  abuseEnRoute: 'abuse',
  category: 'avrrCategory',
  travelDocumentStatus: 'travelDocumentStatus',
  urgency: 'urgency',
  direction: 'direction',
  transport: 'transport',
  flowType: 'flowType',
  needs: 'need',
  journeyFunding: 'journeyFunding',
  employmentBeforeLeaving: 'employmentStatus',
  'assistance.type': 'assistanceType',
  'referral.to': 'referralTarget',
  'referral.status': 'referralStatus',
  'registration.type': 'documentType',
}

const COUNTRY_FIELDS = new Set([
  'nationality',
  'countryOfBirth',
  'originCountry',
  'destinationCountry',
  'departureCountry',
  'intendedDestination',
  'transitCountries',
  'previousCountry',
  'nextDestination',
  'finalDestination',
])

export function fieldLabel(t: TFunction, i18n: I18n, name: string): string {
  const key = `problems.fields.${name}`
  return i18n.exists(key) ? t(key) : t('problems.otherField', { name })
}

/** The fields that hold who wrote a record: a user id, said as the staff directory names them. */
const STAFF_FIELDS = new Set(['registration.registeredBy', 'assistance.providedBy', 'referral.sentBy', 'caseEvent.by'])

/** `staffName`: a user id's display name (use-staff.ts); without it, an author is unnamed, never shown as an id. */
export function fieldValue(
  t: TFunction,
  i18n: I18n,
  entity: Entity,
  name: string,
  value: unknown,
  staffName?: (userId: string) => string,
): string {
  const lang = i18n.resolvedLanguage ?? 'fr'
  const show = (field: string, v: unknown): string => {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) return t('problems.empty')
    if (field === name && STAFF_FIELDS.has(`${entity}.${field}`) && typeof v === 'string') {
      return staffName ? staffName(v) : t('app.unknownStaff')
    }
    if (typeof v === 'boolean') return v ? t('problems.yes') : t('problems.no')
    if (Array.isArray(v)) return v.map((item) => show(field, item)).join(', ')
    if (typeof v === 'object') {
      return Object.entries(v as Record<string, unknown>)
        .map(([key, inner]) => show(key, inner))
        .join(' · ')
    }
    const text = String(v)
    if (COUNTRY_FIELDS.has(field) && /^[A-Z]{3}$/.test(text)) return countryName(text, lang)
    const list = CODE_LISTS[`${entity}.${field}`] ?? CODE_LISTS[field]
    const key = list && `codes.${list}.${text}`
    return key && i18n.exists(key) ? t(key) : text
  }
  return show(name, value)
}
