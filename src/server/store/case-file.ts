/**
 * The case file's rules on the server (issue 8), applied in the push's change
 * transaction to the version about to be written (the one sent, or a merge):
 *
 * - a case number belongs to one registration (`case_number_taken`);
 * - the status of a case that ended (departed, closed) is changed by a supervisor or an
 *   admin only: reopened, or ended otherwise, and so is the reason (and its words) of a
 *   case that stays closed (`reopen_needs_supervisor`, shared/case-rules.ts); a
 *   withdrawal of consent closes a departed case, and blanks those words, for anyone;
 * - a registration whose site changes is a transfer: the caller covers the old site
 *   (check-mutation.ts) and the new one is an active transit centre
 *   (`not_an_active_centre`, also for the transfer's case event and the household
 *   events beside it, so that a timeline never shows a move the server refused). Its
 *   assistance, referrals and case events follow it as new revs written by the server,
 *   and the old site's phones pull it as deleted
 *   (record_departures, pull.ts);
 * - a withdrawal of consent (consentProcessing true → false) takes the personal data
 *   out of every past version and open or resolved conflict of the registration, and
 *   the free text of its assistance and referrals (which may name the person) out of
 *   their current and past versions; work on the case written afterwards keeps none
 *   (withdrawn-case.ts says how the server tells a withdrawal from a consent never given).
 */
import { randomUUID } from 'node:crypto'
import { sql } from 'kysely'
import {
  CASE_RULES,
  endingAfterWithdrawal,
  endingChangeRefusal,
  isBeforeRegistration,
  isEnded,
  NEUTRAL_TEXT,
  workLeftBefore,
  SERVER_EVENT_KINDS,
  withoutPersonalData,
  type CaseEnding,
  type CaseStatus,
} from '../../shared/case-rules'
import { jsonEqual } from '../../shared/json-equal'
import type { SessionUser } from '../../shared/schemas/auth'
import { HOUSEHOLD_EVENT_KINDS } from '../../shared/schemas/case-event'
import { CASE_STATUSES } from '../../shared/schemas/codes'
import type { Entity } from '../../shared/schemas/entities'
import type { RecordParse } from '../../shared/schemas/parse-record'
import { registrationSchema } from '../../shared/schemas/registration'
import type { FieldError } from '../../shared/schemas/sync'
import { linkedRegistration } from '../db/migrations/0008-case-file'
import { isPostgres } from '../db/open'
import type { ChangeSet } from './change-set'
import type { Trx } from './change-transaction'
import { parseData, type RecordData, SERVER_DEVICE_ID, type StoredRecord, toStoredRecord } from './records'
import { writeServerCaseEvent } from './server-case-event'
import { CONSENT_WITHDRAWN, isWithdrawnCase, noteWithdrawal, withdrawnInChangeSet } from './withdrawn-case'
import { dropKeptEditsOfWithdrawnCase, eraseKeptTextOfWithdrawnCase } from './withdrawn-kept-work'

export { NEUTRAL_TEXT }

/** The free-text fields of the records linked to a case, by entity. */
export const FREE_TEXT: Partial<Record<Entity, readonly string[]>> = {
  referral: ['reason', 'outcomeNotes'],
  assistance: ['notes'],
}

/** Case events that say a case moved to `toSite`: this case, or a member of its household. */
const TRANSFER_EVENT_KINDS: ReadonlySet<string> = new Set(['transferred', ...HOUSEHOLD_EVENT_KINDS])

/** Entities whose records name a registration (`registrationId`) and follow it to another site. */
const LINKED = sql<boolean>`entity in ('assistance', 'referral', 'caseEvent')`

export interface CaseContext {
  user: SessionUser
}

const isStatus = (value: unknown): value is CaseStatus =>
  typeof value === 'string' && (CASE_STATUSES as readonly string[]).includes(value)

/** The case numbers of a batch's parsed registrations. */
export function caseNumbersOf(parsed: Iterable<RecordParse<Entity>>): string[] {
  const numbers: string[] = []
  for (const result of parsed) {
    const number = result.success ? (result.data as RecordData).caseNumber : undefined
    if (typeof number === 'string') numbers.push(number)
  }
  return numbers
}

/**
 * Why the version `data` of a registration (or a transfer's case event) may not be
 * written over `existing`, as field errors.
 */
export async function caseRuleErrors(
  trx: Trx,
  changes: ChangeSet,
  user: SessionUser,
  entity: Entity,
  existing: StoredRecord | undefined,
  data: RecordData | null,
): Promise<FieldError[]> {
  if (entity === 'caseEvent' && typeof data?.kind === 'string' && SERVER_EVENT_KINDS.includes(data.kind)) {
    // a merge, its undoing and a conflict's resolution are the server's own writes: a phone cannot claim them
    const { code, fields } = CASE_RULES.serverEvent
    return [{ path: [fields[0]], code, message: 'Only the server writes this case event' }]
  }
  if (entity === 'caseEvent' && typeof data?.kind === 'string' && TRANSFER_EVENT_KINDS.has(data.kind)) {
    if (typeof data.toSite !== 'string') return []
    // the timeline says a case (or a member of its household) moved only where the case itself could move
    return (await isActiveCentre(trx, data.toSite)) ? [] : [notAnActiveCentre(CASE_RULES.transferEvent.fields[0])]
  }
  if (data !== null && (entity === 'assistance' || entity === 'referral')) {
    return caseDayErrors(changes, CASE_DAY_RULES[entity], existing, data)
  }
  if (entity !== 'registration' || data === null) return []
  const errors: FieldError[] = []
  if (typeof data.caseNumber === 'string') {
    const holder = await changes.caseNumberHolder(data.caseNumber)
    if (holder !== undefined && holder !== data.id) {
      const { code, fields } = CASE_RULES.caseNumber
      errors.push({ path: [fields[0]], code, message: 'Another case has this case number' })
    }
  }
  const before = existing?.deleted === false ? existing.data : null
  // a merge is made and undone by a supervisor through the duplicates API (store/duplicates.ts), never by a push
  if ((data.mergedInto ?? null) !== (before?.mergedInto ?? null)) {
    errors.push({ path: ['mergedInto'], code: 'merged_by_supervisor', message: 'Only a supervisor merges cases' })
  }
  if (before) errors.push(...endingErrors(before, data, user))
  // the closure reason "other" says what it is, where the registration is new or its closure changes
  const closureTouched =
    !before ||
    before.caseStatus !== data.caseStatus ||
    before.closureReason !== data.closureReason ||
    before.closureDetail !== data.closureDetail
  if (closureTouched && data.closureReason === 'other' && data.closureDetail === undefined) {
    const { code, fields } = CASE_RULES.closureDetail
    errors.push({ path: [fields[0]], code, message: 'Say what the other closure reason is' })
  }
  // a registration day moved after the day of the case's work
  if (
    before &&
    typeof before.registeredOn === 'string' &&
    typeof data.registeredOn === 'string' &&
    data.registeredOn > before.registeredOn &&
    typeof data.id === 'string'
  ) {
    const days = await workDays(trx, changes, data.id)
    if (workLeftBefore(days, before.registeredOn, data.registeredOn).length > 0) {
      const { code, fields } = CASE_RULES.registrationDayMoved
      errors.push({
        path: [fields[0]],
        code,
        message: 'Assistance or a referral of this case is dated before this day',
      })
    }
  }
  // a planned travel day before the registration day, where the registration is new or changes either
  const readyOn = travelReadyOn(data)
  const readyTouched = !before || readyOn !== travelReadyOn(before) || before.registeredOn !== data.registeredOn
  if (readyTouched && typeof data.registeredOn === 'string' && isBeforeRegistration(readyOn, data.registeredOn)) {
    const { code } = CASE_RULES.travelReadyDay
    errors.push({ path: ['avrr', 'travelReadyOn'], code, message: 'This date is before the case was registered' })
  }
  if (existing && typeof data.siteCode === 'string' && data.siteCode !== existing.siteCode) {
    if (!(await isActiveCentre(trx, data.siteCode))) errors.push(notAnActiveCentre(CASE_RULES.transfer.fields[0]))
  }
  return errors
}

/** How a version of a registration stands or ended, when its status is one. */
function endingOf(data: RecordData): CaseEnding | undefined {
  if (!isStatus(data.caseStatus)) return undefined
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined)
  return {
    caseStatus: data.caseStatus,
    closureReason: text(data.closureReason),
    closureDetail: text(data.closureDetail),
  }
}

/**
 * Why the user may not write the ending of `data` over the stored one (endingChangeRefusal):
 * at the field it names. What a withdrawal of consent makes of the ending (a departed case
 * closed, the words of "other" blanked: endingAfterWithdrawal) is not the user's change.
 */
function endingErrors(before: RecordData, data: RecordData, user: SessionUser): FieldError[] {
  const stored = endingOf(before)
  const sent = endingOf(data)
  if (stored === undefined || sent === undefined) return []
  const withdrawn = before.consentProcessing === true && data.consentProcessing === false
  const refusal = endingChangeRefusal(withdrawn ? endingAfterWithdrawal(stored) : stored, sent, user.role)
  if (refusal === undefined) return []
  const message =
    refusal.field === 'caseStatus'
      ? 'Only a supervisor changes the status of a case that ended'
      : 'Only a supervisor changes why a closed case was closed'
  return [{ path: [refusal.field], code: refusal.code, message }]
}

/** The day field of each record of a case's work, with its rule (CASE_RULES). */
const CASE_DAY_RULES = { assistance: CASE_RULES.assistanceDay, referral: CASE_RULES.referralDay }

/**
 * Why an assistance or a referral may not carry its day: before the registration day of
 * the case it names. Only a new record, or a change of its day or of its case, is
 * checked: one stored before the rule, or moved by a merge to a case registered later,
 * still takes the edits that leave them alone (a referral's outcome).
 */
async function caseDayErrors(
  changes: ChangeSet,
  rule: (typeof CASE_DAY_RULES)[keyof typeof CASE_DAY_RULES],
  existing: StoredRecord | undefined,
  data: RecordData,
): Promise<FieldError[]> {
  const field = rule.fields[0]
  const day = data[field]
  const before = existing?.deleted === false ? existing.data : null
  if (before && before[field] === day && before.registrationId === data.registrationId) return []
  const registration = typeof data.registrationId === 'string' ? await changes.record(data.registrationId) : undefined
  const registeredOn = registration?.entity === 'registration' ? registration.data?.registeredOn : undefined
  if (typeof day !== 'string' || typeof registeredOn !== 'string' || !isBeforeRegistration(day, registeredOn)) return []
  return [{ path: [field], code: rule.code, message: 'This date is before the case was registered' }]
}

/** The days of the work of a case: its assistance given and its referrals sent (this batch's too). */
async function workDays(trx: Trx, changes: ChangeSet, registrationId: string): Promise<string[]> {
  await changes.flush()
  return (await linkedRecords(trx, registrationId)).flatMap((record) => {
    const rule =
      record.entity === 'assistance' || record.entity === 'referral' ? CASE_DAY_RULES[record.entity] : undefined
    const day = rule ? record.data?.[rule.fields[0]] : undefined
    return typeof day === 'string' ? [day] : []
  })
}

/** A registration's planned travel day (avrr.travelReadyOn), when it has one. */
function travelReadyOn(data: RecordData): string | undefined {
  const avrr = data.avrr
  if (typeof avrr !== 'object' || avrr === null) return undefined
  const day = (avrr as Record<string, unknown>).travelReadyOn
  return typeof day === 'string' ? day : undefined
}

async function isActiveCentre(trx: Trx, code: string): Promise<boolean> {
  const site = await trx.selectFrom('sites').select(['kind', 'active']).where('code', '=', code).executeTakeFirst()
  return site?.kind === 'transit_centre' && site.active === 1
}

const notAnActiveCentre = (field: string): FieldError => ({
  path: [field],
  code: CASE_RULES.transfer.code,
  message: 'A case moves to an active transit centre only',
})

/**
 * What follows the write of a registration over `existing`: a transfer is noted (its
 * linked records move at the end of the transaction: moveTransferredRecords), and a
 * withdrawal of consent cleans the case's history now; and the write of a withdrawal's
 * case event (afterWithdrawalEvent).
 */
export async function afterCaseWrite(
  trx: Trx,
  changes: ChangeSet,
  ctx: CaseContext,
  existing: StoredRecord | undefined,
  written: StoredRecord,
  at: string,
): Promise<void> {
  if (written.entity === 'caseEvent') return afterWithdrawalEvent(trx, changes, ctx, existing, written, at)
  if (written.entity !== 'registration' || written.data === null || !existing) return
  if (existing.siteCode !== written.siteCode) {
    changes.depart(written, existing.siteCode, written.siteCode, at)
    changes.noteMove(written.id, existing.siteCode, written.siteCode)
  }
  if (existing.data?.consentProcessing === true && written.data.consentProcessing === false) {
    await withdrawConsent(trx, changes, ctx, written, at)
  }
  if (reopened(existing.data?.caseStatus, written.data.caseStatus)) await resendCaseWork(trx, changes, written.id)
}

/** A case that had ended (closed, or departed) and is open again. */
const reopened = (before: unknown, after: unknown) =>
  isStatus(before) && isEnded(before) && isStatus(after) && !isEnded(after)

/**
 * A reopened case's work (assistance, referrals, events), sent again to every phone's next
 * pull: phones let an ended case go with its work after their retention days
 * (data/records.ts, purgeExpired), and the case's new version alone would come back
 * without its history. A phone that kept them finds them at the rev it holds.
 */
async function resendCaseWork(trx: Trx, changes: ChangeSet, registrationId: string): Promise<void> {
  changes.resend((await linkedRecords(trx, registrationId)).map((record) => record.id))
}

/**
 * The case event of a withdrawal, new: its case's work text goes, unless this change set
 * wrote the withdrawal itself (and cleaned it then). A phone may send the event in a later
 * batch than the anonymous case; work stored in between kept its text until now.
 */
async function afterWithdrawalEvent(
  trx: Trx,
  changes: ChangeSet,
  ctx: CaseContext,
  existing: StoredRecord | undefined,
  written: StoredRecord,
  at: string,
): Promise<void> {
  const data = written.data
  if (data?.kind !== CONSENT_WITHDRAWN || existing?.data?.kind === CONSENT_WITHDRAWN) return
  const registrationId = data.registrationId
  if (typeof registrationId !== 'string' || withdrawnInChangeSet(changes, registrationId)) return
  const registration = await changes.record(registrationId)
  if (registration?.entity !== 'registration' || registration.data?.consentProcessing !== false) return
  noteWithdrawal(changes, registrationId)
  await eraseKeptTextOfWithdrawnCase(trx, registrationId)
  await blankWorkText(trx, changes, ctx, registrationId, at)
}

/**
 * What the server stores of a version `data` of a case's work (an assistance, a
 * referral): the same, or with its free text neutral when the person withdrew consent
 * (withdrawn-case.ts), whoever sends it and however it is written (applied, merged, kept
 * as a conflict, a supervisor's resolution).
 */
export async function workAfterWithdrawal(
  trx: Trx,
  changes: ChangeSet,
  entity: Entity,
  data: RecordData | null,
): Promise<RecordData | null> {
  if (data === null || FREE_TEXT[entity] === undefined || typeof data.registrationId !== 'string') return data
  const registration = await changes.record(data.registrationId)
  return (await isWithdrawnCase(trx, registration, changes)) ? withoutFreeText(entity, data) : data
}

/** The records naming `registrationId` (current versions, not deleted). */
async function linkedRecords(trx: Trx, registrationId: string): Promise<StoredRecord[]> {
  const rows = await trx
    .selectFrom('records')
    .selectAll()
    .where(LINKED)
    .where(sql<boolean>`${linkedRegistration(trx)} = ${registrationId}`)
    .where('deleted', '=', 0)
    .orderBy('seq')
    .execute()
  return rows.map(toStoredRecord)
}

/** The registrations merged into this one (`mergedInto`), kept at its site `siteCode` (at any site without it). */
async function mergedCases(trx: Trx, registrationId: string, siteCode?: string): Promise<StoredRecord[]> {
  const mergedInto = isPostgres(trx) ? sql`((data::jsonb) ->> 'mergedInto')` : sql`json_extract(data, '$.mergedInto')`
  let query = trx.selectFrom('records').selectAll().where('entity', '=', 'registration')
  if (siteCode !== undefined) query = query.where('site_code', '=', siteCode)
  const rows = await query
    .where('deleted', '=', 0)
    .where(sql<boolean>`${mergedInto} = ${registrationId}`)
    .orderBy('seq')
    .execute()
  return rows.map(toStoredRecord)
}

/**
 * Moves the assistance, referrals and case events of each registration this
 * transaction moved to its site now, as new revs by the server, and the cases merged
 * into it (a merged case stays at its survivor's site, so that the merge can be undone
 * there); each leaves a departure for its old site's phones. Run once the transaction's
 * mutations are applied, so that records written in the same batch, before or after
 * the registration, move too.
 */
export async function moveTransferredRecords(changes: ChangeSet, trx: Trx, ctx: CaseContext, at: string) {
  const moves = changes.moves()
  if (moves.length === 0) return
  await changes.flush()
  for (const [registrationId, { from }] of moves) {
    const registration = await changes.record(registrationId)
    if (!registration || registration.deleted) continue
    const to = registration.siteCode
    const following = [...(await linkedRecords(trx, registrationId)), ...(await mergedCases(trx, registrationId, from))]
    for (const linked of following) {
      const record = (await changes.record(linked.id)) ?? linked
      if (record.deleted || record.data === null || record.siteCode === to) continue
      const moved = serverWrite(changes, ctx, record, { ...record.data, siteCode: to }, at, to)
      changes.depart(moved, record.siteCode, to, at)
    }
  }
}

function serverWrite(
  changes: ChangeSet,
  ctx: CaseContext,
  record: StoredRecord,
  data: RecordData,
  at: string,
  siteCode = record.siteCode,
): StoredRecord {
  return changes.write({
    entity: record.entity,
    recordId: record.id,
    siteCode,
    rev: record.rev + 1,
    data,
    deviceId: SERVER_DEVICE_ID,
    userId: ctx.user.id,
    mutationId: randomUUID(),
    at,
  })
}

/** A past version of a registration without its personal data (withoutPersonalData, or its safe fields when it no longer parses). */
export function anonymousVersion(version: RecordData, on: string, current: RecordData): RecordData {
  if (version.consentProcessing !== true) return version
  const parsed = registrationSchema.safeParse(version)
  if (parsed.success) return withoutPersonalData(parsed.data, on) as RecordData
  const SAFE = [
    'id',
    'createdAt',
    'updatedAt',
    'siteCode',
    'caseNumber',
    'registeredOn',
    'entryChannel',
    'registeredBy',
    'sex',
    'nationality',
    'vulnerabilities',
  ]
  const kept = Object.fromEntries(SAFE.filter((key) => key in version).map((key) => [key, version[key]]))
  return {
    ...kept,
    consentDate: on,
    consentProcessing: false,
    consentSharing: false,
    ageGroup: current.ageGroup,
    caseStatus: current.caseStatus,
    ...(current.closureReason === undefined ? {} : { closureReason: current.closureReason }),
    ...(current.closureDetail === undefined ? {} : { closureDetail: current.closureDetail }),
  }
}

/**
 * What a conflict keeps of an incoming version. A named version of a registration
 * that is anonymous now, from a phone that had not heard of the change (a withdrawal of
 * consent, most likely), is kept without its personal data: a withdrawal stays one
 * when a late phone syncs. So is the free text of an assistance or a referral of a
 * withdrawn case (`registration`, the case it links to) where the withdrawal blanked it.
 * The phone keeps its own copy until it takes the server's.
 */
export function conflictData(
  entity: Entity,
  existing: StoredRecord,
  incoming: RecordData | null,
  registration?: StoredRecord,
): RecordData | null {
  if (incoming === null || existing.data === null) return incoming
  if (entity !== 'registration') {
    return registration?.data?.consentProcessing === false ? keepBlanked(entity, existing.data, incoming) : incoming
  }
  if (existing.data.consentProcessing !== false || incoming.consentProcessing !== true) return incoming
  const on = typeof existing.data.consentDate === 'string' ? existing.data.consentDate : undefined
  return anonymousVersion(incoming, on ?? String(incoming.consentDate), existing.data)
}

/** `incoming` with the free text that `current` holds blanked, blank too. */
function keepBlanked(entity: Entity, current: RecordData, incoming: RecordData): RecordData {
  const blanked = (FREE_TEXT[entity] ?? []).filter((field) => current[field] === NEUTRAL_TEXT && field in incoming)
  if (blanked.length === 0) return incoming
  return { ...incoming, ...Object.fromEntries(blanked.map((field) => [field, NEUTRAL_TEXT])) }
}

/** A record linked to a case with its free text made neutral. */
export function withoutFreeText(entity: Entity, data: RecordData): RecordData {
  const fields = FREE_TEXT[entity] ?? []
  const cleaned = { ...data }
  for (const field of fields) if (typeof cleaned[field] === 'string') cleaned[field] = NEUTRAL_TEXT
  return cleaned
}

async function withdrawConsent(trx: Trx, changes: ChangeSet, ctx: CaseContext, written: StoredRecord, at: string) {
  const current = written.data ?? {}
  const on = typeof current.consentDate === 'string' ? current.consentDate : at.slice(0, 10)
  // the history is read and rewritten in the database: this transaction's versions go first
  await changes.flush()
  await rewriteHistory(trx, [written.id], (data) => anonymousVersion(data, on, current), written.rev)
  // the cases a supervisor merged into this one are the same person: anonymous too
  const merged = await withdrawMergedCases(trx, changes, ctx, written.id, on, at)
  for (const id of [written.id, ...merged]) {
    // an edit of the case kept for a supervisor holds the person too: it goes
    await dropKeptEditsOfWithdrawnCase(trx, ctx.user, id, at)
    // and the free text of its records kept for one (withdrawn-kept-work.ts)
    await eraseKeptTextOfWithdrawnCase(trx, id)
    // the batch's later work on the case and its event know it now (withdrawn-case.ts)
    noteWithdrawal(changes, id)
    await blankWorkText(trx, changes, ctx, id, at)
  }
}

/**
 * Makes the registrations merged into `registrationId` (and those merged into them)
 * anonymous, as the withdrawal made it: a new version by the server (every phone of the
 * site pulls it), still merged (the merge can be undone), its past versions and
 * conflicts rewritten, and a `consent_withdrawn` event on its own timeline, so that work
 * written about it later keeps no text either (withdrawn-case.ts). Answers their ids.
 */
async function withdrawMergedCases(
  trx: Trx,
  changes: ChangeSet,
  ctx: CaseContext,
  registrationId: string,
  on: string,
  at: string,
): Promise<string[]> {
  const ids: string[] = []
  // a case merged into one that was itself merged later is the same person too: each case
  // found is looked into in turn (the loop reaches those pushed while it runs)
  const into = [registrationId]
  for (const target of into) {
    for (const found of await mergedCases(trx, target)) {
      const record = (await changes.record(found.id)) ?? found
      if (into.includes(record.id) || record.deleted || record.data === null) continue
      if (record.data.consentProcessing === true) {
        serverWrite(changes, ctx, record, anonymousMergedVersion(record.data, on), at)
        writeServerCaseEvent(changes, ctx.user, record, { kind: CONSENT_WITHDRAWN }, at)
      }
      ids.push(record.id)
      into.push(record.id)
    }
  }
  if (ids.length === 0) return ids
  await changes.flush()
  await rewriteHistory(trx, ids, (data) => anonymousMergedVersion(data, on))
  return ids
}

/** A version of a merged case without its personal data, still naming the case it was merged into (if it was then). */
function anonymousMergedVersion(data: RecordData, on: string): RecordData {
  const anonymous = anonymousVersion(data, on, data)
  return data.mergedInto === undefined ? anonymous : { ...anonymous, mergedInto: data.mergedInto }
}

/** Blanks the free text of the assistance and referrals of case `registrationId`, current and past versions. */
async function blankWorkText(trx: Trx, changes: ChangeSet, ctx: CaseContext, registrationId: string, at: string) {
  await changes.flush()
  // assistance and referrals of the case, current ones and any whose history names it
  const ids = new Set((await linkedRecords(trx, registrationId)).map((record) => record.id))
  const pattern = `%"registrationId":"${registrationId}"%`
  const historic = await trx
    .selectFrom('record_versions')
    .select('record_id')
    .distinct()
    .where('entity', 'in', ['assistance', 'referral'])
    .where('data', 'like', pattern)
    .execute()
  for (const row of historic) ids.add(row.record_id)
  const cleaned: { id: string; entity: Entity }[] = []
  for (const id of [...ids].sort()) {
    const record = await changes.record(id)
    if (!record || FREE_TEXT[record.entity] === undefined) continue
    cleaned.push({ id, entity: record.entity })
    if (record.deleted || record.data === null || record.data.registrationId !== registrationId) continue
    const data = withoutFreeText(record.entity, record.data)
    if (!jsonEqual(data, record.data)) serverWrite(changes, ctx, record, data, at)
  }
  await changes.flush()
  for (const { id, entity } of cleaned) {
    await rewriteHistory(trx, [id], (data) =>
      data.registrationId === registrationId ? withoutFreeText(entity, data) : data,
    )
  }
}

/**
 * Rewrites the stored versions (below `beforeRev` when given) and the conflicts of
 * these records with `clean`; only rows whose data changes are written.
 */
async function rewriteHistory(
  trx: Trx,
  recordIds: readonly string[],
  clean: (data: RecordData) => RecordData,
  beforeRev?: number,
): Promise<void> {
  let versions = trx
    .selectFrom('record_versions')
    .select(['record_id', 'rev', 'data'])
    .where('record_id', 'in', recordIds)
    .where('data', 'is not', null)
  if (beforeRev !== undefined) versions = versions.where('rev', '<', beforeRev)
  for (const row of await versions.execute()) {
    const data = parseData(row.data)
    if (data === null) continue
    const next = clean(data)
    if (jsonEqual(next, data)) continue
    await trx
      .updateTable('record_versions')
      .set({ data: JSON.stringify(next) })
      .where('record_id', '=', row.record_id)
      .where('rev', '=', row.rev)
      .execute()
  }
  const conflicts = await trx
    .selectFrom('conflicts')
    .select(['id', 'data'])
    .where('record_id', 'in', recordIds)
    .where('data', 'is not', null)
    .execute()
  for (const row of conflicts) {
    const data = parseData(row.data)
    if (data === null) continue
    const next = clean(data)
    if (!jsonEqual(next, data)) {
      await trx
        .updateTable('conflicts')
        .set({ data: JSON.stringify(next) })
        .where('id', '=', row.id)
        .execute()
    }
  }
}
