/**
 * Valid records of every entity with every nested block filled (so that hostile edits
 * can reach `document`, `household`, `migration`, `avrr`, `nationalities[i]`…), and a
 * checker that walks a record's `data` with a loop (a hostile value may nest 100,000
 * deep) for what the server must never store or send: keys the schema does not know,
 * containers where the schema has none, and text that is not clean (issue 7).
 */
import { newId } from '@/shared/ids'
import type { Entity } from '@/shared/schemas/entities'
import { anonymousRegistration, flowCount, fmpStatus, namedRegistration } from '../../helpers/records'
import { assistance, caseEvent, referral } from './case-records'

export type RecordData = { id: string } & Record<string, unknown>

/** The sites the test users write at (src/server/seed/sites.csv). */
export const CASE_SITE = 'AGZ-TC'
export const FLOW_SITE = 'ARL-FMP'

export interface BuildContext {
  /** A registration the server holds, with consent to sharing: referrals and assistance point at it. */
  registrationId: string
}

const fullNamedRegistration = () =>
  namedRegistration({
    aliases: ['Aïcha T.'],
    languages: ['haoussa', 'bambara'],
    countryOfBirth: 'MLI',
    placeOfBirth: 'Gao',
    maritalStatus: 'single',
    educationLevel: 'primary',
    occupation: 'Couturière',
    phone: '+227 90 12 34 56',
    document: { type: 'passport', number: 'B1234567', expiresOn: '2031-05-01' },
    household: { groupId: newId(), relationship: 'head' },
    migration: {
      originCountry: 'MLI',
      originTown: 'Gao',
      leftHomeOn: '2026-06-01',
      transitCountries: ['BFA'],
      monthsInLibya: 3,
      monthsInAlgeria: 0,
      reasonsForLeaving: ['economic'],
      intendedDestination: 'LBY',
      intentionNow: 'return_home',
      abuseEnRoute: ['theft_of_documents'],
    },
    avrr: {
      category: 'avr',
      voluntarinessSigned: true,
      travelDocumentStatus: 'requested',
      fitToTravel: true,
      travelReadyOn: '2027-01-15',
      destinationCountry: 'MLI',
      destinationTown: 'Gao',
      reintegrationCounselling: true,
    },
  })

const refusedSurvey = (): RecordData => {
  const at = new Date().toISOString()
  return { id: newId(), createdAt: at, updatedAt: at, siteCode: FLOW_SITE, interviewedOn: '2026-11-29', consent: false }
}

const answeredSurvey = (overrides: Record<string, unknown> = {}): RecordData => ({
  ...refusedSurvey(),
  consent: true,
  age: 24,
  sex: 'male',
  maritalStatus: 'single',
  nationality: 'NGA',
  countryOfBirth: 'NGA',
  educationLevel: 'secondary',
  employmentBeforeLeaving: 'unemployed',
  originCountry: 'NGA',
  originTown: 'Kano',
  previousCountry: 'NER',
  nextDestination: 'LBY',
  finalDestination: 'ITA',
  travellingInGroup: true,
  groupSize: 4,
  reasonsForLeaving: ['economic'],
  journeyCostKnown: true,
  journeyCostXof: 350_000,
  journeyFunding: ['savings', 'family'],
  previousAttempts: 0,
  difficulties: ['theft_of_documents'],
  needs: ['water'],
  ...overrides,
})

/** Each entity's valid records: the first fills every field the schema knows. */
export const VALID_RECORDS: Record<Entity, ((ctx: BuildContext) => RecordData)[]> = {
  registration: [
    fullNamedRegistration,
    () => namedRegistration({ caseStatus: 'closed', closureReason: 'returned_home' }),
    () => anonymousRegistration(),
  ],
  assistance: [({ registrationId }) => assistance(registrationId, { notes: 'Kit remis à la famille' })],
  referral: [
    ({ registrationId }) =>
      referral(registrationId, { to: 'other_partner', partnerName: 'ONG Tassaght', outcomeNotes: 'Reçue' }),
    ({ registrationId }) => referral(registrationId, { to: 'iom_medical', urgency: 'urgent' }),
  ],
  flowCount: [() => flowCount({ siteCode: FLOW_SITE, departureTown: 'Agadez', destinationTown: 'Sebha' })],
  survey: [() => answeredSurvey(), refusedSurvey],
  fmpStatus: [
    () => fmpStatus({ siteCode: FLOW_SITE, kind: 'no_flow', reason: 'Route coupée par le sable' }),
    () => fmpStatus({ siteCode: FLOW_SITE }),
  ],
  caseEvent: [
    ({ registrationId }) =>
      caseEvent(registrationId, {
        kind: 'status_changed',
        sections: ['status'],
        fromStatus: 'registered',
        toStatus: 'closed',
        closureReason: 'transferred',
      }),
    ({ registrationId }) => caseEvent(registrationId, { kind: 'transferred', fromSite: 'AGZ-TC', toSite: 'NIA-TC1' }),
  ],
}

const indexFree = (path: readonly (string | number)[]) =>
  path.map((part) => (typeof part === 'number' ? '*' : part)).join('.')

/** Where a record of the entity holds objects (and which keys) and arrays, as `migration.transitCountries`, `nationalities.*`. */
export interface RecordShape {
  objects: Map<string, Set<string>>
  arrays: Set<string>
}

export function recordShape(entity: Entity): RecordShape {
  const shape: RecordShape = { objects: new Map(), arrays: new Set() }
  const ctx = { registrationId: newId() }
  for (const build of VALID_RECORDS[entity]) {
    walk(build(ctx), (path, value) => {
      const at = indexFree(path)
      if (Array.isArray(value)) shape.arrays.add(at)
      else if (isObject(value)) {
        const keys = shape.objects.get(at) ?? new Set<string>()
        for (const key of Object.keys(value)) keys.add(key)
        shape.objects.set(at, keys)
      }
    })
  }
  return shape
}

/** A plain object, as JSON.parse makes them (class instances such as a RawJson are leaves). */
const isObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/**
 * Visits every value under `root` (root included), depth first, with a loop: a hostile
 * value may nest far deeper than the stack goes. Stops descending past `maxDepth`
 * and answers whether it had to.
 */
export function walk(
  root: unknown,
  visit: (path: (string | number)[], value: unknown) => void,
  { maxDepth = 64, maxNodes = 1_000_000 } = {},
): { tooDeep: boolean } {
  const stack: { path: (string | number)[]; value: unknown }[] = [{ path: [], value: root }]
  let tooDeep = false
  for (let seen = 0; stack.length > 0; seen++) {
    if (seen >= maxNodes) throw new Error(`walk: more than ${maxNodes} values`)
    const { path, value } = stack.pop() as { path: (string | number)[]; value: unknown }
    visit(path, value)
    if (path.length >= maxDepth) {
      tooDeep ||= typeof value === 'object' && value !== null
      continue
    }
    if (Array.isArray(value)) value.forEach((child, i) => stack.push({ path: [...path, i], value: child }))
    else if (isObject(value))
      for (const key of Object.keys(value)) stack.push({ path: [...path, key], value: value[key] })
  }
  return { tooDeep }
}

/** Bidi marks, embeddings, overrides and isolates, zero-width characters, the word joiner, the BOM. */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** What is wrong with one string the server stores or sends, if anything. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'holds NUL'
  if (LONE_SURROGATE.test(text)) return 'holds a lone surrogate'
  if (INVISIBLE.test(text)) return 'holds an invisible character'
  if (text !== text.normalize('NFC')) return 'is not NFC'
  if (text !== text.trim()) return 'is not trimmed'
  return undefined
}

const show = (text: string) => JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text)

/**
 * Keys the entity's schema does not know (`where` is the object's path), and objects
 * or arrays where the schema has none. An empty list for a clean record.
 */
export function shapeViolations(shape: RecordShape, data: unknown): { where: string; key?: string }[] {
  const found: { where: string; key?: string }[] = []
  walk(data, (path, value) => {
    const at = indexFree(path)
    if (Array.isArray(value) && !shape.arrays.has(at)) found.push({ where: at })
    if (!isObject(value)) return
    const known = shape.objects.get(at)
    if (known === undefined) found.push({ where: at })
    else for (const key of Object.keys(value)) if (!known.has(key)) found.push({ where: at, key })
  })
  return found
}

/** Everything the server must never store or answer in a record's data: an empty list when clean. */
export function recordProblems(shape: RecordShape, data: unknown): string[] {
  const problems = shapeViolations(shape, data).map(({ where, key }) =>
    key === undefined ? `a container at "${where}"` : `unknown key ${show(key)} at "${where}"`,
  )
  const { tooDeep } = walk(data, (path, value) => {
    const texts = typeof value === 'string' ? [value] : isObject(value) ? Object.keys(value) : []
    for (const text of texts) {
      const problem = textProblem(text)
      if (problem) problems.push(`${show(text)} at "${path.join('.')}" ${problem}`)
    }
    if (typeof value === 'number' && !Number.isFinite(value))
      problems.push(`a non-finite number at "${path.join('.')}"`)
  })
  if (tooDeep) problems.push('values nested more than 64 deep')
  return problems
}

/** A calendar day in Niger (Africa/Niamey, UTC+1 all year), `days` from today. */
export function nigerDay(days = 0): string {
  return new Date(Date.now() + 3_600_000 + days * 86_400_000).toISOString().slice(0, 10)
}

/** The event dates of each entity: between 1900-01-01 and tomorrow in Niger (issue 7). */
export const EVENT_DATES: Record<Entity, readonly string[]> = {
  registration: ['registeredOn', 'consentDate', 'dateOfBirth'],
  assistance: ['providedOn'],
  referral: ['sentOn', 'statusOn'],
  flowCount: ['observedAt'],
  survey: ['interviewedOn'],
  caseEvent: ['at'],
  fmpStatus: ['from', 'to'],
}

/** Event dates held as timestamps: their day is the Niger day of the instant. */
const TIMESTAMP_FIELDS = new Set(['observedAt', 'at', 'from', 'to'])
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/

function realDay(text: string): boolean {
  const match = DAY.exec(text)
  if (!match) return false
  const date = new Date(0)
  date.setUTCFullYear(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  return date.toISOString().slice(0, 10) === text
}

/**
 * The event date fields of `data` that are certainly wrong: a date or time made only of
 * date characters that is no real day, or lies outside 1900-01-01 … tomorrow in Niger.
 * Values holding other characters (spaces, invisible marks) are left undecided.
 */
export function badEventDates(entity: Entity, data: Record<string, unknown>): string[] {
  const tomorrow = nigerDay(1)
  return EVENT_DATES[entity].filter((field) => {
    const value = data[field]
    if (typeof value !== 'string' || !/^[0-9T:.+\-Z]*$/.test(value)) return false
    let day = value
    if (TIMESTAMP_FIELDS.has(field)) {
      const at = Date.parse(value)
      if (!TIMESTAMP.test(value) || !Number.isFinite(at) || !realDay(value.slice(0, 10))) return true
      day = new Date(at + 3_600_000).toISOString().slice(0, 10)
    }
    return !realDay(day) || day < '1900-01-01' || day > tomorrow
  })
}
