/**
 * The columns of each entity's export, CSV or XLSX (data-model.md, HXL tags for exports).
 * Every column is personal or not: personal columns come only with `?personal=true`, and
 * never carry an HXL tag. Registrations are anonymised by default: no names, phones,
 * documents or dates of birth, an age group instead; no day, a month instead, and no
 * vulnerability (anonymous-registrations.ts: these keep their tags in the personal
 * export, as they had them before they became personal); free text counts as personal
 * (anyone may type a name into it). Record ids (the record's own, and the registration
 * or record it points to) come only with the personal columns too: an id ties rows of
 * several exports to one person, and lets a partner match a row to a case; so does a
 * case number. They keep their `#meta+id` tags, since an id is not what a person said.
 * Times are written in Niger time (siteTime), whatever offset the phone stored.
 */
import type { AGE_GROUPS } from '../../shared/schemas/codes'
import type { Entity } from '../../shared/schemas/entities'
import type { Site } from '../../shared/schemas/site'
import { surveyAsked, type AnsweredSurvey } from '../../shared/schemas/survey'
import { SITE_OFFSET, siteTimestamp } from '../../shared/site-time'
import { registrationMonth } from './anonymous-registrations'

type Data = Record<string, unknown>
type Cell = string | number | boolean | null | undefined

export interface Column {
  header: string
  /** The HXL hashtag; absent for personal columns (record ids aside), and for a few without a fitting tag. */
  hxl?: string
  /** Exported only with `?personal=true`. */
  personal: boolean
  /**
   * Exported only without `?personal=true`: a coarse stand-in for personal columns (a
   * registration's month for its day), which the personal export has exact.
   */
  coarse?: true
  value: (data: Data, site: Site | undefined) => Cell
}

const field =
  (name: string) =>
  (data: Data): Cell => {
    const value = data[name]
    return value === undefined || value === null || typeof value === 'object' ? undefined : (value as Cell)
  }
const nested =
  (block: string, name: string) =>
  (data: Data): Cell => {
    const value = (data[block] as Data | undefined)?.[name]
    return typeof value === 'object' ? undefined : (value as Cell)
  }
const list =
  (name: string) =>
  (data: Data): Cell =>
    Array.isArray(data[name]) ? (data[name] as unknown[]).join(' ') : undefined
/**
 * A time as Niger's clock reads it, to the second (`2026-12-07T11:56:05+01:00`),
 * whatever offset the phone wrote it with (a case event's `at` is written in UTC, a
 * tally's `observedAt` at +01:00): every time of every export reads alike.
 */
const siteTime =
  (name: string) =>
  (data: Data): Cell => {
    const value = data[name]
    if (typeof value !== 'string') return undefined
    // a time phones wrote at +01:00 (a tally's) is cut to the second, not parsed: a
    // tenth of the time, for the millions of rows of a tallies export
    if (AT_SITE_OFFSET.test(value)) return value.length === 25 ? value : `${value.slice(0, 19)}${SITE_OFFSET}`
    const at = new Date(value)
    return Number.isNaN(at.getTime()) ? value : siteTimestamp(at)
  }
/** A timestamp already in Niger time (`+01:00`), to the second or finer. */
const AT_SITE_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?\+01:00$/
/**
 * A list of one-line texts typed by hand (aliases, languages), one per line of the cell:
 * a space would make `Mariam, Maryam Bint Ali` three names; one-line text never holds a
 * line break (clean-text.ts turns them into spaces), so the line break is unambiguous, as
 * the space is between codes.
 */
const textList =
  (name: string) =>
  (data: Data): Cell =>
    Array.isArray(data[name]) ? (data[name] as unknown[]).join('\n') : undefined
const nestedList =
  (block: string, name: string) =>
  (data: Data): Cell => {
    const value = (data[block] as Data | undefined)?.[name]
    return Array.isArray(value) ? value.join(' ') : undefined
  }

/**
 * A list a person answers by ticking none of its choices ("None of these", stored as an
 * empty list): `none` where the question was surely asked (`asked`), as other "None"
 * answers read (a survey's needs, a document's type); an empty cell for a question not
 * asked, whose record holds no list, or an empty one (never "none", which nobody said).
 */
const answeredList =
  (name: string, asked: (data: Data) => boolean) =>
  (data: Data): Cell => {
    const value = data[name]
    if (!Array.isArray(value)) return undefined
    if (value.length > 0) return value.join(' ')
    return asked(data) ? 'none' : undefined
  }
/** The registration's vulnerabilities step is in every way through the form, an anonymous case's too. */
const alwaysAsked = () => true
/** A survey question its skip logic says the interview asked (shared/schemas/survey.ts). */
const surveyAnswer = (name: keyof AnsweredSurvey) => answeredList(name, (data) => surveyAsked(data, name))

const open = (header: string, hxl: string, value = field(header)): Column => ({ header, hxl, personal: false, value })
const personal = (header: string, value = field(header)): Column => ({ header, personal: true, value })

const siteColumns: Column[] = [
  open('siteCode', '#loc+code'),
  { header: 'siteName', hxl: '#loc+name', personal: false, value: (_, site) => site?.name },
  { header: 'adm1', hxl: '#adm1+name', personal: false, value: (_, site) => site?.adm1 },
]
/**
 * A case event's site is the case's centre now, not where the event happened: an event
 * records no place of its own (schemas/case-event.ts), its `siteCode` is its case's, and
 * the server moves it with the case to a new centre (store/case-file.ts), so that the
 * centre's phones hold the case's whole timeline. The columns say so; where a transfer
 * left from is its `fromSite`.
 */
const currentCentreColumns: Column[] = [
  open('currentCentreCode', '#loc+code+current', field('siteCode')),
  { header: 'currentCentreName', hxl: '#loc+name+current', personal: false, value: (_, site) => site?.name },
  { header: 'currentCentreAdm1', hxl: '#adm1+name+current', personal: false, value: (_, site) => site?.adm1 },
]
/** A record id: exported with the personal columns only, with its tag. */
const identifier = (header: string, hxl: string): Column => ({ header, hxl, personal: true, value: field(header) })
const idColumn = identifier('id', '#meta+id')
const registrationIdColumn = identifier('registrationId', '#meta+id+registration')
/** The number on the person's card: matches a row to a case and to a person, so personal too. */
const caseNumberColumn = identifier('caseNumber', '#meta+id+case')

type AgeGroup = (typeof AGE_GROUPS)[number]

/** The age group at `on` of someone born on `born` (both YYYY-MM-DD). */
export function ageGroupAt(born: string, on: string): AgeGroup | undefined {
  const [by, bm, bd] = born.split('-').map(Number)
  const [oy, om, od] = on.split('-').map(Number)
  if ([by, bm, bd, oy, om, od].some((n) => n === undefined || Number.isNaN(n))) return undefined
  const age = oy! - by! - (om! < bm! || (om === bm && od! < bd!) ? 1 : 0)
  if (age < 5) return '0_4'
  if (age < 12) return '5_11'
  if (age < 18) return '12_17'
  if (age < 60) return '18_59'
  return '60_plus'
}

function ageGroup(data: Data): Cell {
  if (typeof data.ageGroup === 'string') return data.ageGroup
  if (typeof data.dateOfBirth === 'string' && typeof data.registeredOn === 'string') {
    return ageGroupAt(data.dateOfBirth, data.registeredOn)
  }
  return undefined
}

function surveyAgeGroup(data: Data): Cell {
  if (typeof data.age !== 'number') return undefined
  if (data.age < 18) return '12_17'
  return data.age < 60 ? '18_59' : '60_plus'
}

export const EXPORT_COLUMNS: Record<Entity, Column[]> = {
  registration: [
    idColumn,
    caseNumberColumn,
    ...siteColumns,
    // the day and the vulnerabilities single a person out (anonymous-registrations.ts):
    // personal, with the tags they always had; the month stands for the day without
    { header: 'registeredOn', hxl: '#date+registered', personal: true, value: field('registeredOn') },
    {
      header: 'registeredMonth',
      hxl: '#date+registered+month',
      personal: false,
      coarse: true,
      value: registrationMonth,
    },
    open('entryChannel', '#indicator+entry_channel'),
    open('consentProcessing', '#indicator+consent+processing'),
    open('consentSharing', '#indicator+consent+sharing'),
    { header: 'consentDate', hxl: '#date+consent', personal: true, value: field('consentDate') },
    open('consentGivenBy', '#indicator+consent+given_by'),
    open('sex', '#indicator+sex'),
    { header: 'ageGroup', hxl: '#indicator+age_group', personal: false, value: ageGroup },
    open('nationality', '#country+code+nationality'),
    {
      header: 'vulnerabilities',
      hxl: '#indicator+vulnerabilities',
      personal: true,
      value: answeredList('vulnerabilities', alwaysAsked),
    },
    open('caseStatus', '#status+case'),
    open('closureReason', '#status+closure_reason'),
    // free text: the reason "other" in words may name the person
    personal('closureDetail'),
    personal('givenName'),
    personal('familyName'),
    personal('aliases', textList('aliases')),
    personal('dateOfBirth'),
    personal('dateOfBirthEstimated'),
    personal('countryOfBirth'),
    personal('placeOfBirth'),
    personal('languages', textList('languages')),
    personal('maritalStatus'),
    personal('educationLevel'),
    personal('occupation'),
    personal('phone'),
    personal('documentType', nested('document', 'type')),
    personal('documentNumber', nested('document', 'number')),
    personal('documentExpiresOn', nested('document', 'expiresOn')),
    personal('householdGroupId', nested('household', 'groupId')),
    personal('householdRelationship', nested('household', 'relationship')),
    personal('originCountry', nested('migration', 'originCountry')),
    personal('originTown', nested('migration', 'originTown')),
    personal('leftHomeOn', nested('migration', 'leftHomeOn')),
    personal('transitCountries', nestedList('migration', 'transitCountries')),
    personal('monthsInLibya', nested('migration', 'monthsInLibya')),
    personal('monthsInAlgeria', nested('migration', 'monthsInAlgeria')),
    personal('reasonsForLeaving', nestedList('migration', 'reasonsForLeaving')),
    personal('intendedDestination', nested('migration', 'intendedDestination')),
    personal('intentionNow', nested('migration', 'intentionNow')),
    personal('abuseEnRoute', nestedList('migration', 'abuseEnRoute')),
    personal('avrrCategory', nested('avrr', 'category')),
    personal('avrrVoluntarinessSigned', nested('avrr', 'voluntarinessSigned')),
    personal('avrrTravelDocumentStatus', nested('avrr', 'travelDocumentStatus')),
    personal('avrrFitToTravel', nested('avrr', 'fitToTravel')),
    personal('avrrTravelReadyOn', nested('avrr', 'travelReadyOn')),
    personal('avrrDestinationCountry', nested('avrr', 'destinationCountry')),
    personal('avrrDestinationTown', nested('avrr', 'destinationTown')),
    personal('avrrReintegrationCounselling', nested('avrr', 'reintegrationCounselling')),
    { header: 'possibleDuplicateOf', hxl: '#meta+id+duplicate', personal: true, value: list('possibleDuplicateOf') },
    personal('registeredBy'),
  ],
  assistance: [
    idColumn,
    registrationIdColumn,
    ...siteColumns,
    open('providedOn', '#date+occurred'),
    open('type', '#service+type'),
    open('quantity', '#output+num'),
    open('provider', '#org+impl'),
    personal('notes'),
    personal('providedBy'),
  ],
  referral: [
    idColumn,
    registrationIdColumn,
    ...siteColumns,
    open('to', '#org+code+referral'),
    open('partnerName', '#org+name+referral'),
    open('urgency', '#severity'),
    open('consentToShare', '#indicator+consent+sharing'),
    open('sentOn', '#date+sent'),
    open('status', '#status'),
    open('statusOn', '#date+status'),
    personal('reason'),
    personal('outcomeNotes'),
    personal('sentBy'),
  ],
  caseEvent: [
    idColumn,
    registrationIdColumn,
    ...currentCentreColumns,
    open('at', '#date+occurred', siteTime('at')),
    open('kind', '#indicator+event'),
    { header: 'sections', hxl: '#indicator+sections', personal: false, value: list('sections') },
    open('fromStatus', '#status+from'),
    open('toStatus', '#status+to'),
    open('closureReason', '#status+closure_reason'),
    open('fromSite', '#loc+code+from'),
    open('toSite', '#loc+code+to'),
    open('choice', '#indicator+resolution'),
    identifier('recordId', '#meta+id+record'),
    personal('by'),
  ],
  flowCount: [
    idColumn,
    ...siteColumns,
    open('observedAt', '#date+occurred', siteTime('observedAt')),
    open('direction', '#indicator+direction'),
    open('transport', '#indicator+transport'),
    open('departureCountry', '#country+code+origin'),
    open('destinationCountry', '#country+code+dest'),
    open('flowType', '#indicator+flow_type'),
    open('men', '#affected+migrants+m+adults'),
    open('women', '#affected+migrants+f+adults'),
    open('boys', '#affected+migrants+m+children'),
    open('girls', '#affected+migrants+f+children'),
    open('unaccompaniedChildren', '#affected+migrants+children+unaccompanied'),
    open('childrenUnder5', '#affected+migrants+children+u5'),
    open('elderly', '#affected+migrants+elderly'),
    open('pregnantWomen', '#affected+migrants+f+pregnant'),
    open('withDisability', '#affected+migrants+disabled'),
    open('total', '#affected+migrants+total'),
    {
      header: 'nationalities',
      hxl: '#country+code+nationality+list',
      personal: false,
      value: (data) =>
        Array.isArray(data.nationalities)
          ? (data.nationalities as { country: string; count: number }[]).map((n) => `${n.country}:${n.count}`).join(' ')
          : undefined,
    },
    // the towns are typed by hand, not coded: free text, personal as a survey's originTown
    // (a monitor may write "Moussa's truck"); the countries beside them stay coded and tagged
    personal('departureTown'),
    personal('destinationTown'),
  ],
  fmpStatus: [
    idColumn,
    ...siteColumns,
    open('kind', '#indicator+status'),
    open('from', '#date+start', siteTime('from')),
    open('to', '#date+end', siteTime('to')),
    personal('reason'),
  ],
  survey: [
    idColumn,
    ...siteColumns,
    open('interviewedOn', '#date+occurred'),
    open('consent', '#indicator+consent'),
    // the questionnaire's order; coded answers are not personal (the interview is
    // anonymous): the exact age and the town typed by hand are
    { header: 'ageGroup', hxl: '#indicator+age_group', personal: false, value: surveyAgeGroup },
    open('sex', '#indicator+sex'),
    open('maritalStatus', '#indicator+marital_status'),
    open('nationality', '#country+code+nationality'),
    open('countryOfBirth', '#country+code+birth'),
    open('educationLevel', '#indicator+education'),
    open('employmentBeforeLeaving', '#indicator+employment'),
    open('originCountry', '#country+code+origin'),
    open('previousCountry', '#country+code+previous'),
    open('nextDestination', '#country+code+next'),
    open('finalDestination', '#country+code+dest'),
    open('travellingInGroup', '#indicator+group'),
    open('groupSize', '#affected+num+group'),
    { header: 'reasonsForLeaving', hxl: '#indicator+reasons', personal: false, value: list('reasonsForLeaving') },
    open('journeyCostKnown', '#indicator+cost_known'),
    open('journeyCostXof', '#value+cost+xof'),
    { header: 'journeyFunding', hxl: '#indicator+funding', personal: false, value: surveyAnswer('journeyFunding') },
    open('previousAttempts', '#indicator+num+attempts'),
    { header: 'difficulties', hxl: '#indicator+difficulties', personal: false, value: surveyAnswer('difficulties') },
    { header: 'needs', hxl: '#indicator+needs', personal: false, value: list('needs') },
    personal('age'),
    personal('originTown'),
  ],
}
