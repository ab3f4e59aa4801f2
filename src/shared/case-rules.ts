/**
 * How a case moves (data-model.md, Case status), the same on the phone and the server:
 * which statuses may follow which, who may reopen a case that ended, that the case's
 * work never predates its registration day, and what is left of a case when its person
 * withdraws consent. The rules that need only the record itself (a closure reason, AVRR
 * readiness before "departed") live in its schema.
 */
import type { Role } from './schemas/auth'
import { AGE_GROUPS, CASE_STATUSES, CLOSED_CASE_STATUSES } from './schemas/codes'
import type { AnonymousRegistration, NamedRegistration, Registration } from './schemas/registration'
import { ageOn } from './schemas/registration'
import { serverRule } from './schemas/rule-issue'

export type CaseStatus = (typeof CASE_STATUSES)[number]

/**
 * The rules of a case that need more than the record, in words (GET /api/v1/schema): the
 * server checks them at push, against the version it holds, the other cases and the
 * sites (store/case-file.ts), and the caller's role (statusChangeRefusal).
 */
export const CASE_RULES = {
  reopen: serverRule(
    'reopen_needs_supervisor',
    ['caseStatus', 'closureReason', 'closureDetail'],
    'a case whose caseStatus was "departed" or "closed" changes status (reopened, or ended otherwise) only by a supervisor or an admin, and a closed case that stays closed changes its closureReason or closureDetail only by them; a withdrawal of consent turns "departed" into "closed" and closureDetail into "—" for anyone',
  ),
  caseNumber: serverRule('case_number_taken', ['caseNumber'], 'caseNumber is held by no other registration'),
  transfer: serverRule(
    'not_an_active_centre',
    ['siteCode'],
    'a registration whose siteCode changes (a transfer) moves to an active transit centre',
  ),
  transferEvent: serverRule(
    'not_an_active_centre',
    ['toSite', 'kind'],
    'a case event of kind "transferred", "household_member_transferred" or "household_member_stayed" names an active transit centre as toSite',
  ),
  closureDetail: serverRule(
    'required_here',
    ['closureDetail', 'closureReason'],
    'closureDetail is given when closureReason is "other"; checked when the registration is new or its closure (caseStatus, closureReason, closureDetail) changes',
  ),
  assistanceDay: serverRule(
    'before_registration',
    ['providedOn', 'registrationId'],
    'providedOn is on or after the registeredOn of the registration it names; checked when the assistance is new or its providedOn or registrationId changes',
  ),
  referralDay: serverRule(
    'before_registration',
    ['sentOn', 'registrationId'],
    'sentOn is on or after the registeredOn of the registration it names; checked when the referral is new or its sentOn or registrationId changes',
  ),
  registrationDayMoved: serverRule(
    'before_registration',
    ['registeredOn'],
    'registeredOn moves later only up to the earliest providedOn of the assistance and sentOn of the referrals naming the registration that were on or after it; checked when registeredOn moves later',
  ),
  travelReadyDay: serverRule(
    'before_registration',
    ['avrr.travelReadyOn', 'registeredOn'],
    'avrr.travelReadyOn is on or after registeredOn; checked when the registration is new or either changes',
  ),
  serverEvent: serverRule(
    'written_by_server',
    ['kind'],
    'a case event of kind "merged", "merge_undone" or "conflict_resolved" is written by the server for a supervisor\'s action in the console, never pushed',
  ),
} as const

/**
 * Whether a day of a case's work (an assistance given, a referral sent, a planned travel
 * day) falls before the case was registered: the registration day stays the case's, also
 * after a transfer or a merge. Checked where a record is new or a change touches the
 * fields the rule relates, never on the rest of an edit: a record stored before the rule,
 * or one a merge moved to a case registered later, still takes the edits that leave them
 * alone.
 */
export function isBeforeRegistration(day: string | undefined, registeredOn: string): boolean {
  return day !== undefined && day < registeredOn
}

/**
 * The days of a case's work (assistance given, referrals sent) that moving its
 * registration day from `before` to `now` would leave before it: those on or after the
 * day it had. Work dated before that already (kept from before the rule, or moved by a
 * merge) is not this change's doing.
 */
export function workLeftBefore(workDays: readonly string[], before: string, now: string): string[] {
  return workDays.filter((day) => day >= before && day < now)
}

/** What replaces free text that may name a person whose consent was withdrawn. */
export const NEUTRAL_TEXT = '—'

/** The case event kinds only the server writes (a supervisor's merge, its undoing, a conflict's resolution). */
export const SERVER_EVENT_KINDS: readonly string[] = ['merged', 'merge_undone', 'conflict_resolved']

export function isEnded(status: CaseStatus): boolean {
  return (CLOSED_CASE_STATUSES as readonly string[]).includes(status)
}

/** Whether a user of `role` changes how a case ended: reopens it, ends it otherwise, or says otherwise why it closed. */
function mayChangeEnding(role: Role): boolean {
  return role === 'supervisor' || role === 'admin'
}

/**
 * Why a user of `role` may not move a case from `from` to `to`, as a rule code, or
 * undefined when they may. Open statuses follow one another in any order (work is not
 * linear at a centre); the status of a case that ended (departed, closed) is changed by a
 * supervisor or an admin only: reopened, or ended otherwise (a closed case marked
 * departed, a departed one closed). A withdrawal of consent, which closes a departed
 * case (withoutPersonalData), is not a status change of the user's.
 */
export function statusChangeRefusal(
  from: CaseStatus,
  to: CaseStatus,
  role: Role,
): typeof CASE_RULES.reopen.code | undefined {
  if (from === to || !isEnded(from)) return undefined
  return mayChangeEnding(role) ? undefined : CASE_RULES.reopen.code
}

/** How a case stands or ended: its status and, when closed, its reason and the words of "other". */
export interface CaseEnding<Reason extends string = string> {
  caseStatus: CaseStatus
  closureReason?: Reason | undefined
  closureDetail?: string | undefined
}

/** The field of a case's ending a refusal names. */
export type EndingField = 'caseStatus' | 'closureReason' | 'closureDetail'

/**
 * Why a user of `role` may not write the ending `to` over `from`, with the field it names,
 * or undefined when they may: the status of a case that ended as statusChangeRefusal says,
 * and, for a case closed that stays closed, its reason and its words, which say how it
 * ended just as much (a registrar closes a case once; a supervisor corrects why). The rest
 * of a closed case stays open to anyone's edits.
 */
export function endingChangeRefusal(
  from: CaseEnding,
  to: CaseEnding,
  role: Role,
): { field: EndingField; code: typeof CASE_RULES.reopen.code } | undefined {
  const status = statusChangeRefusal(from.caseStatus, to.caseStatus, role)
  if (status !== undefined) return { field: 'caseStatus', code: status }
  if (!isEnded(from.caseStatus) || mayChangeEnding(role)) return undefined
  if (from.closureReason !== to.closureReason) return { field: 'closureReason', code: CASE_RULES.reopen.code }
  if (from.closureDetail !== to.closureDetail) return { field: 'closureDetail', code: CASE_RULES.reopen.code }
  return undefined
}

/**
 * The ending a withdrawal of consent leaves (withoutPersonalData): a departed case closes,
 * as returned home (an anonymous case cannot hold the AVRR block "departed" needs), and
 * the words of "other", which may name the person, become NEUTRAL_TEXT. Not a change of
 * the user's: whoever records the withdrawal may make it.
 */
export function endingAfterWithdrawal<Reason extends string>(
  ending: CaseEnding<Reason>,
): CaseEnding<Reason | 'returned_home'> {
  const departed = ending.caseStatus === 'departed'
  return {
    caseStatus: departed ? 'closed' : ending.caseStatus,
    closureReason: ending.closureReason ?? (departed ? 'returned_home' : undefined),
    closureDetail: ending.closureDetail === undefined ? undefined : NEUTRAL_TEXT,
  }
}

/**
 * Whether a user of `role` may say otherwise why a case now in `from` closed, keeping it
 * closed (its closureReason and closureDetail, as endingChangeRefusal allows): a
 * supervisor's correction, without reopening and closing the case again.
 */
export function mayCorrectClosure(from: CaseStatus, role: Role): boolean {
  return from === 'closed' && mayChangeEnding(role)
}

/** The statuses a user of `role` may choose next for a case now in `from` (itself included). */
export function nextStatuses(from: CaseStatus, role: Role): CaseStatus[] {
  return CASE_STATUSES.filter((to) => statusChangeRefusal(from, to, role) === undefined)
}

/** The age group of a person born on `birth` (YYYY-MM-DD) on `day`. */
export function ageGroupOn(birth: string, day: string): (typeof AGE_GROUPS)[number] {
  return ageGroupOfAge(ageOn(birth, day))
}

/** The age group of a person of `age` whole years. */
export function ageGroupOfAge(age: number): (typeof AGE_GROUPS)[number] {
  if (age < 5) return '0_4'
  if (age < 12) return '5_11'
  if (age < 18) return '12_17'
  return age < 60 ? '18_59' : '60_plus'
}

/**
 * The case left when its person withdraws consent: the anonymous record (site, dates,
 * sex, age group, nationality, vulnerabilities, status), with no name, contact, birth
 * date, document, household, journey or AVRR. Applied to the current version by the
 * phone, and by the server to every past version of the record.
 */
export function withoutPersonalData(record: Registration, on: string): AnonymousRegistration {
  if (!record.consentProcessing) return record
  const named: NamedRegistration = record
  const ending = endingAfterWithdrawal(named)
  return {
    id: named.id,
    createdAt: named.createdAt,
    updatedAt: named.updatedAt,
    siteCode: named.siteCode,
    ...(named.caseNumber === undefined ? {} : { caseNumber: named.caseNumber }),
    registeredOn: named.registeredOn,
    entryChannel: named.entryChannel,
    registeredBy: named.registeredBy,
    consentDate: on,
    consentProcessing: false,
    consentSharing: false,
    sex: named.sex,
    ageGroup: ageGroupOn(named.dateOfBirth, named.registeredOn),
    nationality: named.nationality,
    vulnerabilities: named.vulnerabilities,
    // a departed case ends as closed; free text may name the person: it goes, and the closure still says it was "other"
    caseStatus: ending.caseStatus,
    ...(ending.closureReason === undefined ? {} : { closureReason: ending.closureReason }),
    ...(ending.closureDetail === undefined ? {} : { closureDetail: ending.closureDetail }),
  }
}

/** A case is vulnerable when it carries any vulnerability flag (lists show it first; Numbers count it so). */
export function isVulnerable(r: { vulnerabilities: readonly string[] }): boolean {
  return r.vulnerabilities.length > 0
}

/** A case in the assisted voluntary return pipeline: it holds an AVRR block, or its status says so. */
export function isUnderAvrr(r: { caseStatus: string; avrr?: unknown }): boolean {
  return r.avrr !== undefined || r.caseStatus === 'avrr_in_progress'
}
