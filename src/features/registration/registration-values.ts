/**
 * The registration form's values as typed (strings, kept in the draft) and their one
 * way into a Registration: built here, then checked by the shared schema, whose issues
 * come back as translation keys on the form's own fields.
 */
import type { z } from 'zod'
import { estimatedDateOfBirth } from '@/components/dates'
import { anonymousRegistrationSchema, namedRegistrationSchema, type Registration } from '@/shared/schemas/registration'

export const REGISTRATION_DRAFT_KEY = 'registration:new'

export interface RegistrationValues {
  siteCode: string
  registeredOn: string
  entryChannel: string
  consentProcessing: '' | 'yes' | 'no'
  consentSharing: '' | 'yes' | 'no'
  consentDate: string
  givenName: string
  familyName: string
  sex: string
  ageGroup: string
  birthMode: 'date' | 'age'
  dateOfBirth: string
  estimatedAge: string
  nationality: string
  phone: string
  documentType: string
  documentNumber: string
  vulnerabilities: string[]
}

export type RegistrationField = keyof RegistrationValues

export function emptyRegistration(today: string): RegistrationValues {
  return {
    siteCode: '',
    registeredOn: today,
    entryChannel: '',
    consentProcessing: '',
    consentSharing: '',
    consentDate: today,
    givenName: '',
    familyName: '',
    sex: '',
    ageGroup: '',
    birthMode: 'date',
    dateOfBirth: '',
    estimatedAge: '',
    nationality: '',
    phone: '',
    documentType: '',
    documentNumber: '',
    vulnerabilities: [],
  }
}

/** The fields on screen for these values, in screen order (the error summary's order). */
export function visibleFields(v: RegistrationValues): RegistrationField[] {
  const head: RegistrationField[] = ['siteCode', 'registeredOn', 'entryChannel', 'consentProcessing']
  if (v.consentProcessing === 'yes') {
    const document: RegistrationField[] =
      v.documentType && v.documentType !== 'none' ? ['documentType', 'documentNumber'] : ['documentType']
    return [
      ...head,
      'consentSharing',
      'consentDate',
      'givenName',
      'familyName',
      'sex',
      v.birthMode === 'age' ? 'estimatedAge' : 'dateOfBirth',
      'nationality',
      'phone',
      ...document,
      'vulnerabilities',
    ]
  }
  if (v.consentProcessing === 'no') return [...head, 'consentDate', 'sex', 'ageGroup', 'nationality', 'vulnerabilities']
  return [...head, 'consentDate', 'sex', 'nationality', 'vulnerabilities']
}

export interface BuildContext {
  id: string
  now: Date
  userId: string
}

/** Field → translation key of its problem; `form` for a problem with no field on screen. */
export type RegistrationErrors = Partial<Record<RegistrationField | 'form', string>>

export type Validation = { ok: true; data: Registration } | { ok: false; errors: RegistrationErrors }

const text = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim())
const yesNo = (s: '' | 'yes' | 'no'): boolean | undefined => (s === '' ? undefined : s === 'yes')

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

export function validateRegistration(v: RegistrationValues, ctx: BuildContext): Validation {
  const errors: RegistrationErrors = {}
  const at = ctx.now.toISOString()
  const common = {
    id: ctx.id,
    createdAt: at,
    updatedAt: at,
    siteCode: text(v.siteCode),
    registeredOn: text(v.registeredOn),
    entryChannel: text(v.entryChannel),
    registeredBy: ctx.userId,
    consentDate: text(v.consentDate),
    sex: text(v.sex),
    nationality: text(v.nationality),
    vulnerabilities: v.vulnerabilities,
    caseStatus: 'registered',
  }

  let result: z.ZodSafeParseResult<Registration>
  if (v.consentProcessing === 'yes') {
    let dateOfBirth = text(v.dateOfBirth)
    if (v.birthMode === 'age') {
      dateOfBirth = undefined
      const age = Number(v.estimatedAge)
      if (v.estimatedAge.trim() === '') errors.estimatedAge = 'form.required'
      else if (!Number.isInteger(age) || age < 0 || age > 120) errors.estimatedAge = 'form.ageRange'
      else dateOfBirth = estimatedDateOfBirth(age, common.registeredOn ?? at.slice(0, 10))
    }
    const documentType = text(v.documentType)
    result = namedRegistrationSchema.safeParse(
      withoutUndefined({
        ...common,
        consentProcessing: true,
        consentSharing: yesNo(v.consentSharing),
        givenName: text(v.givenName),
        familyName: text(v.familyName),
        dateOfBirth,
        dateOfBirthEstimated: v.birthMode === 'age',
        phone: text(v.phone),
        document: documentType
          ? withoutUndefined({
              type: documentType,
              number: documentType === 'none' ? undefined : text(v.documentNumber),
            })
          : undefined,
      }),
    )
  } else {
    if (v.consentProcessing === '') errors.consentProcessing = 'form.required'
    result = anonymousRegistrationSchema.safeParse(
      withoutUndefined({ ...common, consentProcessing: false, consentSharing: false, ageGroup: text(v.ageGroup) }),
    )
  }

  if (result.success && Object.keys(errors).length === 0) return { ok: true, data: result.data }
  if (!result.success) Object.assign(errors, issuesToErrors(result.error.issues, v, errors))
  const shown = new Set<string>(visibleFields(v))
  const onScreen: RegistrationErrors = {}
  for (const [field, key] of Object.entries(errors) as [RegistrationField, string][]) {
    if (shown.has(field)) onScreen[field] = key
    else if (field !== 'ageGroup' || v.consentProcessing === 'no') onScreen.form = 'form.invalid'
  }
  return { ok: false, errors: onScreen }
}

/** The schema's issues on the form's fields (the first one per field wins). */
export function issuesToErrors(
  issues: readonly z.core.$ZodIssue[],
  v: RegistrationValues,
  known: RegistrationErrors = {},
): RegistrationErrors {
  const errors: RegistrationErrors = { ...known }
  for (const issue of issues) {
    const [head, sub] = issue.path
    let field: RegistrationField | 'form' = 'form'
    if (head === 'document') field = sub === 'number' ? 'documentNumber' : 'documentType'
    else if (head === 'dateOfBirth') field = v.birthMode === 'age' ? 'estimatedAge' : 'dateOfBirth'
    else if (typeof head === 'string' && head in v) field = head as RegistrationField
    if (errors[field]) continue
    errors[field] = messageKey(field, issue, v)
  }
  return errors
}

function messageKey(field: RegistrationField | 'form', issue: z.core.$ZodIssue, v: RegistrationValues): string {
  if (field !== 'form') {
    const raw = v[field]
    if ((typeof raw === 'string' && raw.trim() === '') || issue.code === 'invalid_type') return 'form.required'
  }
  if (field === 'phone') return 'form.phoneFormat'
  if (field === 'documentNumber' && v.documentType === 'none') return 'form.noDocumentNumber'
  const rule = issue.code === 'custom' ? (issue.params as { rule?: unknown } | undefined)?.rule : undefined
  if (rule === 'event_day') return 'form.impossibleDate'
  if ((field === 'dateOfBirth' || field === 'estimatedAge') && rule === 'birth_after_registration')
    return 'form.dobAfterRegistration'
  if (field === 'vulnerabilities') return 'form.listedTwice'
  if (issue.code === 'too_big') return 'form.tooLong'
  return 'form.invalid'
}
