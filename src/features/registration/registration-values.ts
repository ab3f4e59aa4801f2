/**
 * The registration form's values as typed (strings and lists, kept in the draft) and
 * their one way into a Registration: built here, then checked by the shared schema,
 * whose issues come back on the form's own fields as translation keys.
 */
import { z } from 'zod'
import { estimatedDateOfBirth } from '@/components/dates'
import { NUMBER_PROBLEM_KEYS, readWholeNumber } from '@/components/whole-number'
import {
  ageOn,
  anonymousRegistrationSchema,
  namedRegistrationSchema,
  type NamedRegistration,
  type Registration,
} from '@/shared/schemas/registration'

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

/** What a save keeps from the case being edited (or gives a new one), beyond the form's values. */
export interface RegistrationBase {
  id: string
  createdAt: string
  registeredBy: string
  caseNumber?: string | undefined
  caseStatus: Registration['caseStatus']
  closureReason?: Registration['closureReason'] | undefined
  possibleDuplicateOf?: readonly string[] | undefined
  /** The case's estimated date of birth: kept while the estimated age stays the same. */
  estimatedDateOfBirth?: string | undefined
}

/** A problem at a form field: a translation key, or `rule:<code>` for a record rule. */
export interface ValueIssue {
  field: RegistrationField | 'form'
  message: string
}

export type Validation = { ok: true; data: Registration } | { ok: false; issues: ValueIssue[] }

const clean = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim())
const bool = (s: '' | 'yes' | 'no'): boolean | undefined => (s === '' ? undefined : s === 'yes')
const split = (s: string): string[] =>
  s
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)

function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

function months(raw: string, field: RegistrationField, issues: ValueIssue[]): number | undefined {
  const read = readWholeNumber(raw)
  if (!read.ok) {
    if (read.problem !== 'empty') issues.push({ field, message: NUMBER_PROBLEM_KEYS[read.problem] })
    return undefined
  }
  if (read.value > 600) issues.push({ field, message: 'registration.monthsRange' })
  return read.value
}

/**
 * The date of birth the values stand for: typed, or worked out from the estimated age
 * (an edit keeps the case's estimated date while the age it stands for is unchanged).
 */
export function birthDateOf(v: RegistrationValues, issues: ValueIssue[] = [], estimated?: string): string | undefined {
  if (v.birthMode === 'date') return clean(v.dateOfBirth)
  const on = clean(v.registeredOn) ?? new Date().toISOString().slice(0, 10)
  const read = readWholeNumber(v.estimatedAge)
  if (!read.ok || read.value > 120) {
    const problem = read.ok ? undefined : read.problem
    const message =
      problem === 'empty' ? 'form.required' : problem === 'notWhole' ? 'form.ageWholeYears' : 'form.ageRange'
    issues.push({ field: 'estimatedAge', message })
    return undefined
  }
  const age = read.value
  return estimated && ageOn(estimated, on) === age ? estimated : estimatedDateOfBirth(age, on)
}

function migrationOf(v: RegistrationValues, issues: ValueIssue[]) {
  const migration = defined({
    originCountry: clean(v.originCountry),
    originTown: clean(v.originTown),
    leftHomeOn: clean(v.leftHomeOn),
    transitCountries: v.transitCountries,
    monthsInLibya: months(v.monthsInLibya, 'monthsInLibya', issues),
    monthsInAlgeria: months(v.monthsInAlgeria, 'monthsInAlgeria', issues),
    reasonsForLeaving: v.reasonsForLeaving,
    intendedDestination: clean(v.intendedDestination),
    intentionNow: clean(v.intentionNow),
    abuseEnRoute: v.abuseEnRoute,
  })
  const answered = Object.values(migration).some((x) => (Array.isArray(x) ? x.length > 0 : x !== undefined))
  return answered ? migration : undefined
}

function avrrOf(v: RegistrationValues) {
  if (v.avrr !== 'yes') return undefined
  return defined({
    category: clean(v.avrrCategory),
    voluntarinessSigned: bool(v.avrrVoluntarinessSigned),
    travelDocumentStatus: clean(v.avrrTravelDocumentStatus),
    fitToTravel: bool(v.avrrFitToTravel),
    travelReadyOn: clean(v.avrrTravelReadyOn),
    destinationCountry: clean(v.avrrDestinationCountry),
    destinationTown: clean(v.avrrDestinationTown),
    reintegrationCounselling: bool(v.avrrReintegrationCounselling),
  })
}

/** The record these values make, checked by the shared schema. */
export function validateRegistration(v: RegistrationValues, base: RegistrationBase, now: Date): Validation {
  const issues: ValueIssue[] = []
  const at = now.toISOString()
  const common = defined({
    id: base.id,
    createdAt: base.createdAt,
    updatedAt: at,
    siteCode: clean(v.siteCode),
    caseNumber: base.caseNumber,
    registeredOn: clean(v.registeredOn),
    entryChannel: clean(v.entryChannel),
    registeredBy: base.registeredBy,
    consentDate: clean(v.consentDate),
    sex: clean(v.sex),
    nationality: clean(v.nationality),
    vulnerabilities: v.vulnerabilities,
    caseStatus: base.caseStatus,
    closureReason: base.closureReason,
  })

  let result: z.ZodSafeParseResult<Registration>
  if (v.consentProcessing === 'yes') {
    const dateOfBirth = birthDateOf(v, issues, base.estimatedDateOfBirth)
    const givenBy = clean(v.consentGivenBy)
    const registeredOn = clean(v.registeredOn)
    // said at once, at both fields, even while other answers are missing
    if (givenBy && givenBy !== 'person' && dateOfBirth && registeredOn && ageOn(dateOfBirth, registeredOn) >= 18) {
      issues.push({ field: 'consentGivenBy', message: 'rule:not_a_child' })
      issues.push({ field: v.birthMode === 'age' ? 'estimatedAge' : 'dateOfBirth', message: 'rule:not_a_child' })
    }
    const documentType = clean(v.documentType)
    const possibleDuplicateOf = base.possibleDuplicateOf?.length ? [...base.possibleDuplicateOf] : undefined
    result = namedRegistrationSchema.safeParse(
      defined({
        ...common,
        consentProcessing: true,
        consentSharing: bool(v.consentSharing),
        consentGivenBy: givenBy,
        givenName: clean(v.givenName),
        familyName: clean(v.familyName),
        aliases: split(v.aliases),
        dateOfBirth,
        dateOfBirthEstimated: v.birthMode === 'age',
        countryOfBirth: clean(v.countryOfBirth),
        placeOfBirth: clean(v.placeOfBirth),
        languages: split(v.languages),
        maritalStatus: clean(v.maritalStatus),
        educationLevel: clean(v.educationLevel),
        occupation: clean(v.occupation),
        phone: clean(v.phone),
        document: documentType
          ? defined({
              type: documentType,
              number: clean(v.documentNumber),
              expiresOn: clean(v.documentExpiry),
            })
          : undefined,
        household:
          v.inGroup === 'yes'
            ? defined({ groupId: clean(v.householdGroupId), relationship: clean(v.relationship) })
            : undefined,
        migration: migrationOf(v, issues),
        avrr: avrrOf(v),
        possibleDuplicateOf,
      }),
    )
  } else {
    if (v.consentProcessing === '') issues.push({ field: 'consentProcessing', message: 'form.required' })
    result = anonymousRegistrationSchema.safeParse(
      defined({ ...common, consentProcessing: false, consentSharing: false, ageGroup: clean(v.ageGroup) }),
    )
  }
  if (!result.success) issues.push(...issuesOf(result.error.issues, v))
  if (issues.length === 0 && result.success) return { ok: true, data: result.data }
  return { ok: false, issues: firstPerField(issues) }
}

function firstPerField(issues: ValueIssue[]): ValueIssue[] {
  const seen = new Set<string>()
  return issues.filter((issue) => !seen.has(issue.field) && seen.add(issue.field))
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** The form field a schema issue's path points at. */
export function fieldOf(path: readonly PropertyKey[], v: RegistrationValues): RegistrationField | 'form' {
  const [head, sub] = path
  if (head === 'document')
    return sub === 'number' ? 'documentNumber' : sub === 'expiresOn' ? 'documentExpiry' : 'documentType'
  if (head === 'household') return sub === 'relationship' ? 'relationship' : 'inGroup'
  if (head === 'migration') return typeof sub === 'string' && sub in v ? (sub as RegistrationField) : 'form'
  if (head === 'avrr') return typeof sub === 'string' ? (`avrr${capitalised(sub)}` as RegistrationField) : 'avrr'
  if (head === 'dateOfBirth') return v.birthMode === 'age' ? 'estimatedAge' : 'dateOfBirth'
  // "departed" needs AVRR readiness: said at the AVRR answers
  if (head === 'caseStatus') return 'avrr'
  if (typeof head === 'string' && head in v) return head as RegistrationField
  return 'form'
}

/** The schema's issues on the form's fields. */
export function issuesOf(issues: readonly z.core.$ZodIssue[], v: RegistrationValues): ValueIssue[] {
  return issues.map((issue) => {
    const field = fieldOf(issue.path, v)
    return { field, message: messageOf(field, issue, v) }
  })
}

function messageOf(field: RegistrationField | 'form', issue: z.core.$ZodIssue, v: RegistrationValues): string {
  if (field !== 'form') {
    const raw = v[field]
    const empty = (typeof raw === 'string' && raw.trim() === '') || issue.code === 'invalid_type'
    if (empty && issue.code !== 'custom') return 'form.required'
  }
  const rule = issue.code === 'custom' ? (issue.params as { rule?: unknown } | undefined)?.rule : undefined
  if (rule === 'event_day') return 'form.impossibleDate'
  if (rule === 'planned_day') return 'registration.impossiblePlannedDate'
  if (rule === 'birth_after_registration') return 'form.dobAfterRegistration'
  if (typeof rule === 'string' && rule !== 'country_code') return `rule:${rule}`
  if (field === 'phone') return 'form.phoneFormat'
  if (field === 'documentNumber' && v.documentType === 'none') return 'form.noDocumentNumber'
  if (issue.code === 'too_big') return issue.origin === 'array' ? 'registration.tooMany' : 'form.tooLong'
  return 'form.invalid'
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
