/** Every coded list of the shared schemas, named as in the `codes.*` translation keys. */
import * as codes from '@/shared/schemas/codes'

export const CODE_LISTS = {
  sex: codes.SEXES,
  ageGroup: codes.AGE_GROUPS,
  entryChannel: codes.ENTRY_CHANNELS,
  vulnerability: codes.VULNERABILITIES,
  maritalStatus: codes.MARITAL_STATUSES,
  educationLevel: codes.EDUCATION_LEVELS,
  documentType: codes.DOCUMENT_TYPES,
  householdRelationship: codes.HOUSEHOLD_RELATIONSHIPS,
  reasonForLeaving: codes.REASONS_FOR_LEAVING,
  intention: codes.INTENTIONS,
  abuse: codes.ABUSES,
  caseStatus: codes.CASE_STATUSES,
  closureReason: codes.CLOSURE_REASONS,
  consentGiver: codes.CONSENT_GIVERS,
  caseEventKind: codes.CASE_EVENT_KINDS,
  caseSection: codes.CASE_SECTIONS,
  avrrCategory: codes.AVRR_CATEGORIES,
  travelDocumentStatus: codes.TRAVEL_DOCUMENT_STATUSES,
  assistanceType: codes.ASSISTANCE_TYPES,
  referralTarget: codes.REFERRAL_TARGETS,
  urgency: codes.URGENCIES,
  referralStatus: codes.REFERRAL_STATUSES,
  direction: codes.DIRECTIONS,
  transport: codes.TRANSPORT_MODES,
  flowType: codes.FLOW_TYPES,
  employmentStatus: codes.EMPLOYMENT_STATUSES,
  journeyFunding: codes.JOURNEY_FUNDING,
  need: codes.NEEDS,
  siteKind: codes.SITE_KINDS,
  role: codes.ROLES,
} as const

export type CodeList = keyof typeof CODE_LISTS
export type CodeOf<L extends CodeList> = (typeof CODE_LISTS)[L][number]

/** The translation key of one code's label. */
export function codeKey<L extends CodeList>(list: L, code: CodeOf<L>): string {
  return `codes.${list}.${code}`
}
