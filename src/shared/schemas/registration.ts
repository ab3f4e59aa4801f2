/**
 * A person registered at a transit centre (MRRM). Consent to data processing decides
 * the shape: without it the record is anonymous (counted, with no name, contact or
 * document) and the schema refuses any personal field rather than dropping it.
 */
import { z } from 'zod'
import { breakRule, recordRule } from './rule-issue'
import {
  ABUSES,
  AGE_GROUPS,
  AVRR_CATEGORIES,
  CASE_STATUSES,
  CLOSURE_REASONS,
  CONSENT_GIVERS,
  DOCUMENT_TYPES,
  EDUCATION_LEVELS,
  ENTRY_CHANNELS,
  HOUSEHOLD_RELATIONSHIPS,
  INTENTIONS,
  MARITAL_STATUSES,
  REASONS_FOR_LEAVING,
  SEXES,
  TRAVEL_DOCUMENT_STATUSES,
  VULNERABILITIES,
} from './codes'
import {
  codeSetSchema,
  countryCodeSchema,
  eventDaySchema,
  plannedDaySchema,
  recordMetaShape,
  textSchema,
  userRefSchema,
  uuidSchema,
} from './common'

/**
 * A case number made offline: the site's prefix, the code the server gave this
 * (device, user) sign-in, and the phone's counter (e.g. AGZ-7K-0042). Typed in capitals
 * or not, stored in capitals.
 */
export const caseNumberSchema = z
  .string()
  .overwrite((text) => text.trim().toUpperCase())
  .regex(/^[A-Z0-9]{2,6}-[A-Z0-9]{2,4}-[0-9]{4,6}$/, 'Not a case number (e.g. AGZ-7K-0042)')

const caseShape = {
  ...recordMetaShape,
  /** Optional: records made before case numbers, and by clients that make none, have none. */
  caseNumber: caseNumberSchema.optional(),
  registeredOn: eventDaySchema,
  entryChannel: z.enum(ENTRY_CHANNELS),
  /** The user who registered the person (the server also records the author of each version). */
  registeredBy: userRefSchema,
  consentDate: eventDaySchema,
  sex: z.enum(SEXES),
  nationality: countryCodeSchema,
  vulnerabilities: codeSetSchema(VULNERABILITIES),
  caseStatus: z.enum(CASE_STATUSES),
  closureReason: z.enum(CLOSURE_REASONS).optional(),
  /**
   * What the closure reason "other" is, in a few words: free text, so that a withdrawal
   * of consent blanks it (withoutPersonalData). Needed for "other" where a closure is
   * made or changed (CASE_RULES.closureDetail: records closed before it have none).
   */
  closureDetail: textSchema(100).optional(),
  /**
   * Set by the server when a supervisor merged this case into another (the survivor, at
   * the same site): phones leave it out of lists and point to the survivor. Cleared when
   * the merge is undone. Phones never set or clear it (`merged_by_supervisor`).
   */
  mergedInto: uuidSchema.optional(),
}

export const identityDocumentSchema = z
  .strictObject({
    type: z.enum(DOCUMENT_TYPES),
    number: textSchema(40).optional(),
    expiresOn: plannedDaySchema.optional(),
  })
  .refine((doc) => doc.type !== 'none' || (doc.number === undefined && doc.expiresOn === undefined), {
    message: 'No number or expiry without a document',
    path: ['number'],
  })

export const householdSchema = z.strictObject({
  groupId: uuidSchema,
  relationship: z.enum(HOUSEHOLD_RELATIONSHIPS),
})

export const migrationProfileSchema = z.strictObject({
  originCountry: countryCodeSchema.optional(),
  originTown: textSchema(100).optional(),
  leftHomeOn: eventDaySchema.optional(),
  transitCountries: z.array(countryCodeSchema).max(20).default([]),
  monthsInLibya: z.int().min(0).max(600).optional(),
  monthsInAlgeria: z.int().min(0).max(600).optional(),
  reasonsForLeaving: codeSetSchema(REASONS_FOR_LEAVING).default([]),
  intendedDestination: countryCodeSchema.optional(),
  intentionNow: z.enum(INTENTIONS).optional(),
  abuseEnRoute: codeSetSchema(ABUSES).default([]),
})

export const avrrSchema = z.strictObject({
  category: z.enum(AVRR_CATEGORIES),
  voluntarinessSigned: z.boolean(),
  travelDocumentStatus: z.enum(TRAVEL_DOCUMENT_STATUSES),
  fitToTravel: z.boolean().optional(),
  travelReadyOn: plannedDaySchema.optional(),
  destinationCountry: countryCodeSchema,
  destinationTown: textSchema(100).optional(),
  reintegrationCounselling: z.boolean(),
})

/** The rules of a registration beyond its fields' shapes, in words (GET /api/v1/schema); the schemas below check them. */
export const REGISTRATION_RULES = {
  birthOrder: recordRule(
    'birth_after_registration',
    ['dateOfBirth', 'registeredOn'],
    'dateOfBirth is on or before registeredOn',
  ),
  childConsent: recordRule(
    'not_a_child',
    ['consentGivenBy', 'dateOfBirth', 'registeredOn'],
    'consentGivenBy other than "person" (a guardian, or the best interest) only for a person under 18 on registeredOn',
  ),
  closureNeeded: recordRule(
    'required_here',
    ['closureReason', 'caseStatus'],
    'closureReason is given when caseStatus is "closed"',
  ),
  closureOnly: recordRule(
    'not_applicable',
    ['closureReason', 'caseStatus'],
    'closureReason is absent unless caseStatus is "closed"',
  ),
  closureDetailOnly: recordRule(
    'not_applicable',
    ['closureDetail', 'closureReason'],
    'closureDetail is absent unless closureReason is "other"',
  ),
  departure: recordRule(
    'departure_not_ready',
    ['caseStatus', 'avrr.voluntarinessSigned', 'avrr.travelDocumentStatus', 'avrr.fitToTravel'],
    'caseStatus "departed" needs avrr.voluntarinessSigned true, avrr.travelDocumentStatus "issued" and avrr.fitToTravel true (an anonymous case has no avrr, so it never departs)',
  ),
}

/** Consent given: the full case file. */
export const namedRegistrationSchema = z
  .strictObject({
    ...caseShape,
    consentProcessing: z.literal(true),
    consentSharing: z.boolean(),
    /** Who consented; absent means the person (records made before this field). */
    consentGivenBy: z.enum(CONSENT_GIVERS).optional(),
    givenName: textSchema(100),
    familyName: textSchema(100),
    aliases: z.array(textSchema(100)).max(10).default([]),
    dateOfBirth: eventDaySchema,
    /** true when the date was worked out from an estimated age. */
    dateOfBirthEstimated: z.boolean(),
    countryOfBirth: countryCodeSchema.optional(),
    placeOfBirth: textSchema(100).optional(),
    languages: z.array(textSchema(40)).max(10).default([]),
    maritalStatus: z.enum(MARITAL_STATUSES).optional(),
    educationLevel: z.enum(EDUCATION_LEVELS).optional(),
    occupation: textSchema(100).optional(),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ]{6,20}$/, 'Digits, spaces and an optional leading +')
      .optional(),
    document: identityDocumentSchema.optional(),
    household: householdSchema.optional(),
    migration: migrationProfileSchema.optional(),
    avrr: avrrSchema.optional(),
    /**
     * Cases the registrar was warned this person may be and saved anyway: a supervisor
     * decides (merge or mark distinct); nothing is merged on the phone.
     */
    possibleDuplicateOf: z.array(uuidSchema).max(10).optional(),
  })
  .superRefine((r, ctx) => {
    if (r.dateOfBirth > r.registeredOn) {
      breakRule(ctx, REGISTRATION_RULES.birthOrder, 'Date of birth is after the registration date')
    }
    if (r.consentGivenBy !== undefined && r.consentGivenBy !== 'person' && ageOn(r.dateOfBirth, r.registeredOn) >= 18) {
      breakRule(
        ctx,
        REGISTRATION_RULES.childConsent,
        'Only a child’s consent is given by a guardian or in their best interest',
      )
    }
    checkClosure(r, ctx)
    checkDeparture(r, ctx)
  })

/** No consent to processing: an anonymous, counted record. */
export const anonymousRegistrationSchema = z
  .strictObject({
    ...caseShape,
    consentProcessing: z.literal(false),
    consentSharing: z.literal(false),
    ageGroup: z.enum(AGE_GROUPS),
  })
  .superRefine((r, ctx) => {
    checkClosure(r, ctx)
    checkDeparture(r, ctx)
  })

export const registrationSchema = z.discriminatedUnion('consentProcessing', [
  namedRegistrationSchema,
  anonymousRegistrationSchema,
])

export type Registration = z.infer<typeof registrationSchema>
export type NamedRegistration = z.infer<typeof namedRegistrationSchema>
export type AnonymousRegistration = z.infer<typeof anonymousRegistrationSchema>

function checkClosure(
  r: { caseStatus: string; closureReason?: string | undefined; closureDetail?: string | undefined },
  ctx: z.RefinementCtx,
) {
  if (r.caseStatus === 'closed' && r.closureReason === undefined) {
    breakRule(ctx, REGISTRATION_RULES.closureNeeded, 'A closed case needs a closure reason')
  }
  if (r.caseStatus !== 'closed' && r.closureReason !== undefined) {
    breakRule(ctx, REGISTRATION_RULES.closureOnly, 'Only a closed case has a closure reason')
  }
  if (r.closureReason !== 'other' && r.closureDetail !== undefined) {
    breakRule(ctx, REGISTRATION_RULES.closureDetailOnly, 'Only the closure reason "other" is said in words')
  }
}

/**
 * An assisted return departs only when it is ready: voluntariness declaration signed,
 * travel document issued, fit to travel. An anonymous case has no AVRR and never departs.
 */
function checkDeparture(
  r: { caseStatus: string; avrr?: z.infer<typeof avrrSchema> | undefined },
  ctx: z.RefinementCtx,
) {
  if (r.caseStatus !== 'departed') return
  const avrr = r.avrr
  if (avrr?.voluntarinessSigned !== true || avrr.travelDocumentStatus !== 'issued' || avrr.fitToTravel !== true) {
    breakRule(
      ctx,
      REGISTRATION_RULES.departure,
      'Departed needs the voluntariness declaration signed, the travel document issued and fitness to travel',
    )
  }
}

/** Whole years between a birth date and a day (both YYYY-MM-DD). */
export function ageOn(birth: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birth.slice(0, 4))
  return day.slice(5) < birth.slice(5) ? years - 1 : years
}
