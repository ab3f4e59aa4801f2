/**
 * Coded lists of data-model.md. Every coded answer is one of these codes, never free
 * text, so that counts add up across devices; labels live in the app's translations.
 */
export const SEXES = ['female', 'male', 'other'] as const
export const AGE_GROUPS = ['0_4', '5_11', '12_17', '18_59', '60_plus'] as const
export const ENTRY_CHANNELS = [
  'walk_in',
  'search_rescue',
  'fmp_referral',
  'expelled_point_zero',
  'detention_release',
  'consular',
  'other',
] as const
export const VULNERABILITIES = [
  'unaccompanied_child',
  'separated_child',
  'single_woman',
  'pregnant_or_lactating',
  'single_parent',
  'elderly',
  'disability',
  'serious_medical_condition',
  'potential_trafficking_victim',
  'gbv_survivor',
  'torture_victim',
  'international_protection_needs',
  'mhpss_needs',
] as const
export const MARITAL_STATUSES = ['single', 'married', 'divorced', 'widowed', 'separated', 'unknown'] as const
export const EDUCATION_LEVELS = [
  'none',
  'koranic',
  'primary',
  'secondary',
  'vocational',
  'university',
  'unknown',
] as const
export const DOCUMENT_TYPES = ['passport', 'national_id', 'laissez_passer', 'birth_certificate', 'none'] as const
export const HOUSEHOLD_RELATIONSHIPS = [
  'head',
  'spouse',
  'child',
  'parent',
  'sibling',
  'other_relative',
  'other',
] as const
export const REASONS_FOR_LEAVING = [
  'economic',
  'family',
  'conflict',
  'persecution',
  'education',
  'environment',
  'other',
] as const
export const INTENTIONS = ['return_home', 'continue', 'stay_in_niger', 'undecided'] as const
export const ABUSES = [
  'violence',
  'detention',
  'theft_of_documents',
  'forced_labour',
  'kidnapping',
  'sexual_violence',
] as const
export const CASE_STATUSES = [
  'registered',
  'assessed',
  'assisted',
  'referred',
  'avrr_in_progress',
  'departed',
  'closed',
] as const
export const CLOSURE_REASONS = [
  'returned_home',
  'continued_journey',
  'left_centre',
  'transferred',
  'deceased',
  'other',
] as const
/** Who gave consent: the person, or for a child a guardian or staff in the child's best interest. */
export const CONSENT_GIVERS = ['person', 'guardian', 'best_interest'] as const
/** The statuses that end a case: only a supervisor or an admin moves a case out of them. */
export const CLOSED_CASE_STATUSES = ['departed', 'closed'] as const
export const AVRR_CATEGORIES = ['avr', 'avm'] as const
export const TRAVEL_DOCUMENT_STATUSES = ['none', 'requested', 'issued'] as const

export const ASSISTANCE_TYPES = [
  'shelter',
  'food',
  'nfi_hygiene_kit',
  'medical_consultation',
  'mhpss',
  'legal_counselling',
  'consular_support',
  'transport',
  'cash',
  'vocational_training',
  'other',
] as const

export const REFERRAL_TARGETS = [
  'iom_medical',
  'iom_mhpss',
  'iom_protection',
  'iom_consular',
  'unhcr',
  'red_cross',
  'child_protection_services',
  'health_facility',
  'other_partner',
] as const
export const URGENCIES = ['routine', 'urgent', 'emergency'] as const
export const REFERRAL_STATUSES = ['pending', 'accepted', 'completed', 'declined'] as const

/**
 * What a case event records (caseEvent.kind). The registration, each assistance and each
 * referral are timeline entries by themselves (their dates and authors): events record
 * only what leaves no record of its own.
 */
export const CASE_EVENT_KINDS = [
  'edited',
  'status_changed',
  'reopened',
  'referral_updated',
  'transferred',
  'consent_withdrawn',
  /** a supervisor merged another case (`recordId`) into this one (issue 9) */
  'merged',
  /** a supervisor undid that merge */
  'merge_undone',
  /** a supervisor resolved a conflict on the case or one of its records (`recordId`, `choice`) */
  'conflict_resolved',
  /**
   * a member of this case's household (`recordId`) was transferred from `fromSite` to
   * `toSite` while this case stayed: the household's trace once that case leaves the phone
   */
  'household_member_transferred',
  /**
   * this case was transferred from `fromSite` to `toSite` while a member of its household
   * (`recordId`) stayed at `fromSite`: the trace the receiving centre keeps of them
   */
  'household_member_stayed',
] as const
/** How a conflict is resolved: `server` keeps the record as it is; `incoming` applies the device's version; `merged` applies `data` or per-field choices. */
export const CONFLICT_CHOICES = ['server', 'incoming', 'merged'] as const
/** The parts of a case file, as the registration form's steps name them. */
export const CASE_SECTIONS = [
  'consent',
  'identity',
  'household',
  'journey',
  'vulnerabilities',
  'avrr',
  'status',
] as const

export const DIRECTIONS = ['incoming', 'outgoing'] as const
export const TRANSPORT_MODES = ['bus', 'truck', 'car', 'motorcycle', 'bicycle', 'foot', 'camel', 'other'] as const
export const FLOW_TYPES = [
  'economic_long_term',
  'short_term_local',
  'seasonal',
  'tourism',
  'forced_conflict',
  'forced_disaster',
  'other',
] as const

export const EMPLOYMENT_STATUSES = ['employed', 'self_employed', 'unemployed', 'student'] as const
export const JOURNEY_FUNDING = ['savings', 'family', 'loan', 'work_en_route', 'other'] as const
export const NEEDS = ['food', 'water', 'shelter', 'medical', 'information', 'transport', 'documents', 'none'] as const

export const SITE_KINDS = ['transit_centre', 'fmp', 'info_point'] as const
export const ROLES = ['registrar', 'monitor', 'supervisor', 'admin'] as const
