/**
 * The registration form's steps (one section of the case file each, named as
 * CASE_SECTIONS names them), the fields each shows for the values typed so far, and
 * which sections an edit changed. Without consent to processing only the anonymous
 * fields are asked: no household, journey or AVRR step.
 */
import { jsonEqual } from '@/shared/json-equal'
import type { CASE_SECTIONS } from '@/shared/schemas/codes'
import type { Registration } from '@/shared/schemas/registration'
import type { RegistrationField, RegistrationValues } from './registration-values'

export const STEPS = ['consent', 'identity', 'household', 'journey', 'vulnerabilities', 'avrr', 'review'] as const
export type StepId = (typeof STEPS)[number]
export type CaseSection = (typeof CASE_SECTIONS)[number]

export function isStep(value: unknown): value is StepId {
  return typeof value === 'string' && (STEPS as readonly string[]).includes(value)
}

/** The steps these values go through, in order. */
export function stepsFor(v: RegistrationValues): StepId[] {
  return v.consentProcessing === 'no' ? ['consent', 'identity', 'vulnerabilities', 'review'] : [...STEPS]
}

/** The fields a step shows for these values, in screen order. */
export function stepFields(step: StepId, v: RegistrationValues): RegistrationField[] {
  const named = v.consentProcessing !== 'no'
  switch (step) {
    case 'consent':
      return [
        'siteCode',
        'registeredOn',
        'entryChannel',
        'consentProcessing',
        ...(v.consentProcessing === 'yes' ? (['consentGivenBy', 'consentSharing'] as const) : []),
        'consentDate',
      ]
    case 'identity':
      if (!named) return ['sex', 'ageGroup', 'nationality']
      return [
        'givenName',
        'familyName',
        'aliases',
        'sex',
        'birthMode',
        v.birthMode === 'age' ? 'estimatedAge' : 'dateOfBirth',
        'nationality',
        'countryOfBirth',
        'placeOfBirth',
        'languages',
        'maritalStatus',
        'educationLevel',
        'occupation',
        'phone',
        'documentType',
        ...(v.documentType && v.documentType !== 'none' ? (['documentNumber', 'documentExpiry'] as const) : []),
      ]
    case 'household':
      return v.inGroup === 'yes' ? ['inGroup', 'relationship'] : ['inGroup']
    case 'journey':
      return [
        'originCountry',
        'originTown',
        'leftHomeOn',
        'transitCountries',
        'monthsInLibya',
        'monthsInAlgeria',
        'reasonsForLeaving',
        'intendedDestination',
        'intentionNow',
        'abuseEnRoute',
      ]
    case 'vulnerabilities':
      return ['vulnerabilities']
    case 'avrr':
      return v.avrr === 'yes'
        ? [
            'avrr',
            'avrrCategory',
            'avrrVoluntarinessSigned',
            'avrrTravelDocumentStatus',
            'avrrFitToTravel',
            'avrrTravelReadyOn',
            'avrrDestinationCountry',
            'avrrDestinationTown',
            'avrrReintegrationCounselling',
          ]
        : ['avrr']
    case 'review':
      return []
  }
}

/** The step that shows a field (for these values), or undefined when none does. */
export function stepOfField(field: string, v: RegistrationValues): StepId | undefined {
  return stepsFor(v).find((step) => (stepFields(step, v) as string[]).includes(field))
}

const SECTION_FIELDS: Record<CaseSection, readonly string[]> = {
  consent: [
    'siteCode',
    'registeredOn',
    'entryChannel',
    'consentProcessing',
    'consentSharing',
    'consentGivenBy',
    'consentDate',
  ],
  identity: [
    'givenName',
    'familyName',
    'aliases',
    'sex',
    'ageGroup',
    'dateOfBirth',
    'dateOfBirthEstimated',
    'nationality',
    'countryOfBirth',
    'placeOfBirth',
    'languages',
    'maritalStatus',
    'educationLevel',
    'occupation',
    'phone',
    'document',
  ],
  household: ['household'],
  journey: ['migration'],
  vulnerabilities: ['vulnerabilities'],
  avrr: ['avrr'],
  status: ['caseStatus', 'closureReason', 'closureDetail'],
}

/** The sections of the case file whose values differ between two versions. */
export function changedSections(before: Registration, after: Registration): CaseSection[] {
  const a = before as unknown as Record<string, unknown>
  const b = after as unknown as Record<string, unknown>
  return (Object.keys(SECTION_FIELDS) as CaseSection[]).filter((section) =>
    SECTION_FIELDS[section].some((field) => !jsonEqual(a[field] ?? null, b[field] ?? null)),
  )
}
