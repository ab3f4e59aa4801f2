/**
 * The registration form's values made into a Registration, their one way in: built here,
 * then checked by the shared schema, whose issues come back on the form's own fields as
 * translation keys. The values themselves are registration-values.ts's.
 */
import type { z } from 'zod'
import { estimatedDateOfBirth } from '@/components/dates'
import { tooBigMessage } from '@/components/field-message'
import { numberMessage } from '@/components/whole-number'
import { isBeforeRegistration, workLeftBefore } from '@/shared/case-rules'
import {
  ageOn,
  anonymousRegistrationSchema,
  namedRegistrationSchema,
  type Registration,
} from '@/shared/schemas/registration'
import { typedPhoneNumber } from '@/shared/text/typed-digits'
import { readWholeNumber } from '@/shared/text/whole-number'
import { BEFORE_REGISTRATION } from '../case-file/case-day'
import type { RegistrationField, RegistrationValues } from './registration-values'

/** What a save keeps from the case being edited (or gives a new one), beyond the form's values. */
export interface RegistrationBase {
  id: string
  createdAt: string
  registeredBy: string
  caseNumber?: string | undefined
  caseStatus: Registration['caseStatus']
  closureReason?: Registration['closureReason'] | undefined
  closureDetail?: string | undefined
  possibleDuplicateOf?: readonly string[] | undefined
  /** The case's estimated date of birth: kept while the estimated age stays the same. */
  estimatedDateOfBirth?: string | undefined
  /**
   * The days the case holds (an edit): a rule relating them is checked where the edit
   * changes them, as the server does, so that a case stored before the rule still saves.
   */
  storedDays?: StoredDays | undefined
}

/** The days a case being edited holds: its own, and those of its work (assistance given, referrals sent). */
export interface StoredDays {
  registeredOn: string
  travelReadyOn?: string | undefined
  workDays?: readonly string[] | undefined
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

/** The most months a person may have spent in a country (50 years). */
const MAX_MONTHS = 600
/** The oldest estimated age. */
const MAX_AGE = 120

function months(raw: string, field: RegistrationField, issues: ValueIssue[]): number | undefined {
  const read = readWholeNumber(raw, MAX_MONTHS)
  if (read.ok) return read.value
  if (read.problem !== 'empty')
    issues.push({ field, message: numberMessage(read, { tooBig: 'registration.monthsRange' }) })
  return undefined
}

/**
 * The date of birth the values stand for: typed, or worked out from the estimated age
 * (an edit keeps the case's estimated date while the age it stands for is unchanged).
 */
export function birthDateOf(v: RegistrationValues, issues: ValueIssue[] = [], estimated?: string): string | undefined {
  if (v.birthMode === 'date') return clean(v.dateOfBirth)
  const on = clean(v.registeredOn) ?? new Date().toISOString().slice(0, 10)
  const read = readWholeNumber(v.estimatedAge, MAX_AGE)
  if (!read.ok) {
    const message = numberMessage(read, {
      notWhole: 'form.ageWholeYears',
      negative: 'form.ageRange',
      tooBig: 'form.ageRange',
    })
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
    closureDetail: base.closureDetail,
  })

  // the registration day moved after the day of the case's work (CASE_RULES.registrationDayMoved)
  const registeredOn = clean(v.registeredOn)
  const stored = base.storedDays
  if (stored && registeredOn && workLeftBefore(stored.workDays ?? [], stored.registeredOn, registeredOn).length > 0) {
    issues.push({ field: 'registeredOn', message: 'form.registeredAfterWork' })
  }

  let result: z.ZodSafeParseResult<Registration>
  if (v.consentProcessing === 'yes') {
    const dateOfBirth = birthDateOf(v, issues, base.estimatedDateOfBirth)
    const givenBy = clean(v.consentGivenBy)
    // said at once, at both fields, even while other answers are missing
    if (givenBy && givenBy !== 'person' && dateOfBirth && registeredOn && ageOn(dateOfBirth, registeredOn) >= 18) {
      issues.push({ field: 'consentGivenBy', message: 'rule:not_a_child' })
      issues.push({ field: v.birthMode === 'age' ? 'estimatedAge' : 'dateOfBirth', message: 'rule:not_a_child' })
    }
    const readyOn = v.avrr === 'yes' ? clean(v.avrrTravelReadyOn) : undefined
    const readyTouched = !stored || stored.registeredOn !== registeredOn || stored.travelReadyOn !== readyOn
    // a planned travel day before the registration day (CASE_RULES.travelReadyDay), at the travel day
    if (readyTouched && registeredOn && isBeforeRegistration(readyOn, registeredOn)) {
      issues.push({ field: 'avrrTravelReadyOn', message: BEFORE_REGISTRATION })
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
        // stored in ASCII digits, whichever the phone's keyboard typed
        phone: clean(typedPhoneNumber(v.phone)),
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
  if (issue.code === 'too_big') return issue.origin === 'array' ? 'registration.tooMany' : tooBigMessage(issue)
  return 'form.invalid'
}
