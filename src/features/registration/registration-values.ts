/**
 * The registration form's values as typed (strings and lists, kept in the draft): empty
 * for a new case, or those of a saved case to edit it. Their one way into a Registration,
 * checked by the shared schema, is registration-validation.ts.
 */
import { z } from 'zod'
import { ageOn, type NamedRegistration, type Registration } from '@/shared/schemas/registration'

export const REGISTRATION_DRAFT_KEY = 'registration:new'
export const editDraftKey = (id: string) => `registration:edit:${id}`

const yesNo = z.enum(['', 'yes', 'no'])
const text = z.string()
const list = z.array(z.string())

/** Every value the form holds: plain strings and lists, so that any draft can be restored. */
export const registrationValuesShape = {
  // consent (with the registration's site, date and entry channel)
  siteCode: text,
  registeredOn: text,
  entryChannel: text,
  consentGivenBy: text,
  consentProcessing: yesNo,
  consentSharing: yesNo,
  consentDate: text,
  // identity
  givenName: text,
  familyName: text,
  /** other names, separated by commas */
  aliases: text,
  sex: text,
  ageGroup: text,
  birthMode: z.enum(['date', 'age']),
  dateOfBirth: text,
  estimatedAge: text,
  nationality: text,
  countryOfBirth: text,
  placeOfBirth: text,
  /** separated by commas */
  languages: text,
  maritalStatus: text,
  educationLevel: text,
  occupation: text,
  phone: text,
  documentType: text,
  documentNumber: text,
  documentExpiry: text,
  // household and group
  inGroup: yesNo,
  householdGroupId: text,
  relationship: text,
  // journey
  originCountry: text,
  originTown: text,
  leftHomeOn: text,
  transitCountries: list,
  monthsInLibya: text,
  monthsInAlgeria: text,
  reasonsForLeaving: list,
  intendedDestination: text,
  intentionNow: text,
  abuseEnRoute: list,
  // vulnerabilities
  vulnerabilities: list,
  // AVRR
  avrr: yesNo,
  avrrCategory: text,
  avrrVoluntarinessSigned: yesNo,
  avrrTravelDocumentStatus: text,
  avrrFitToTravel: yesNo,
  avrrTravelReadyOn: text,
  avrrDestinationCountry: text,
  avrrDestinationTown: text,
  avrrReintegrationCounselling: yesNo,
  /** possible duplicates the registrar said are another person (the warning folds away) */
  dismissedDuplicates: list,
}
export const registrationValuesSchema = z.object(registrationValuesShape)
export type RegistrationValues = z.infer<typeof registrationValuesSchema>
export type RegistrationField = keyof RegistrationValues

export function emptyRegistration(today: string, siteCode = ''): RegistrationValues {
  const values = Object.fromEntries(
    Object.entries(registrationValuesShape).map(([k, s]) => [k, s instanceof z.ZodArray ? [] : '']),
  ) as Record<string, unknown>
  return {
    ...(values as RegistrationValues),
    siteCode,
    registeredOn: today,
    consentDate: today,
    consentGivenBy: 'person',
    birthMode: 'date',
    inGroup: 'no',
    avrr: 'no',
  }
}

const str = (x: string | undefined) => x ?? ''
const yn = (x: boolean | undefined): '' | 'yes' | 'no' => (x === undefined ? '' : x ? 'yes' : 'no')

/** The values of a saved case, to edit it. */
export function registrationToValues(r: Registration, today: string): RegistrationValues {
  const empty = emptyRegistration(today)
  const common: RegistrationValues = {
    ...empty,
    siteCode: r.siteCode,
    registeredOn: r.registeredOn,
    entryChannel: r.entryChannel,
    consentDate: r.consentDate,
    consentProcessing: r.consentProcessing ? 'yes' : 'no',
    consentSharing: r.consentSharing ? 'yes' : 'no',
    sex: r.sex,
    nationality: r.nationality,
    vulnerabilities: [...r.vulnerabilities],
  }
  if (!r.consentProcessing) return { ...common, ageGroup: r.ageGroup }
  const n: NamedRegistration = r
  return {
    ...common,
    consentGivenBy: str(n.consentGivenBy),
    givenName: n.givenName,
    familyName: n.familyName,
    aliases: n.aliases.join(', '),
    birthMode: n.dateOfBirthEstimated ? 'age' : 'date',
    dateOfBirth: n.dateOfBirthEstimated ? '' : n.dateOfBirth,
    estimatedAge: n.dateOfBirthEstimated ? String(ageOn(n.dateOfBirth, n.registeredOn)) : '',
    countryOfBirth: str(n.countryOfBirth),
    placeOfBirth: str(n.placeOfBirth),
    languages: n.languages.join(', '),
    maritalStatus: str(n.maritalStatus),
    educationLevel: str(n.educationLevel),
    occupation: str(n.occupation),
    phone: str(n.phone),
    documentType: str(n.document?.type),
    documentNumber: str(n.document?.number),
    documentExpiry: str(n.document?.expiresOn),
    inGroup: n.household ? 'yes' : 'no',
    householdGroupId: str(n.household?.groupId),
    relationship: str(n.household?.relationship),
    originCountry: str(n.migration?.originCountry),
    originTown: str(n.migration?.originTown),
    leftHomeOn: str(n.migration?.leftHomeOn),
    transitCountries: [...(n.migration?.transitCountries ?? [])],
    monthsInLibya: n.migration?.monthsInLibya === undefined ? '' : String(n.migration.monthsInLibya),
    monthsInAlgeria: n.migration?.monthsInAlgeria === undefined ? '' : String(n.migration.monthsInAlgeria),
    reasonsForLeaving: [...(n.migration?.reasonsForLeaving ?? [])],
    intendedDestination: str(n.migration?.intendedDestination),
    intentionNow: str(n.migration?.intentionNow),
    abuseEnRoute: [...(n.migration?.abuseEnRoute ?? [])],
    avrr: n.avrr ? 'yes' : 'no',
    avrrCategory: str(n.avrr?.category),
    avrrVoluntarinessSigned: yn(n.avrr?.voluntarinessSigned),
    avrrTravelDocumentStatus: str(n.avrr?.travelDocumentStatus),
    avrrFitToTravel: yn(n.avrr?.fitToTravel),
    avrrTravelReadyOn: str(n.avrr?.travelReadyOn),
    avrrDestinationCountry: str(n.avrr?.destinationCountry),
    avrrDestinationTown: str(n.avrr?.destinationTown),
    avrrReintegrationCounselling: yn(n.avrr?.reintegrationCounselling),
  }
}
