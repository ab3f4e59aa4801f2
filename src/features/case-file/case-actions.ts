/**
 * What a registrar does to an open case, each as one command: the changed record, and
 * for a change that leaves no record of its own (a status, a referral's outcome, a
 * transfer, a withdrawal of consent) the timeline event that says what changed, never
 * the values. Every record is checked by its shared schema before the first is saved,
 * so a refused change writes nothing.
 */
import type { RelaisDb } from '@/data/db'
import { clearRecordDrafts } from '@/data/drafts'
import { saveRecord, saveRecords, type LocalRecord } from '@/data/records'
import { endingChangeRefusal, isEnded, withoutPersonalData, type CaseStatus } from '@/shared/case-rules'
import { newId } from '@/shared/ids'
import type { Assistance } from '@/shared/schemas/assistance'
import type { Role } from '@/shared/schemas/auth'
import type { CaseEvent } from '@/shared/schemas/case-event'
import type { CLOSURE_REASONS } from '@/shared/schemas/codes'
import type { Referral } from '@/shared/schemas/referral'
import type { Registration } from '@/shared/schemas/registration'
import { siteDay } from '@/shared/site-time'
import { transferRecords, type TransferPlan } from './transfer-records'

type Case = LocalRecord<'registration'>
type NewEvent = Omit<CaseEvent, 'id' | 'createdAt' | 'updatedAt' | 'siteCode' | 'registrationId' | 'at' | 'by'>

export interface Actor {
  userId: string
  role: Role
}

/** Why a case closes: a reason, and for "other" a few words (detail). */
export interface Closure {
  reason: (typeof CLOSURE_REASONS)[number]
  detail?: string | undefined
}

/** Thrown when the user's role may not make this status change (e.g. a registrar reopening). */
export class StatusChangeRefused extends Error {
  constructor(readonly rule: 'reopen_needs_supervisor') {
    super(rule)
    this.name = 'StatusChangeRefused'
  }
}

function meta(siteCode: string, now: Date) {
  const at = now.toISOString()
  return { id: newId(), createdAt: at, updatedAt: at, siteCode }
}

function event(registration: Registration, siteCode: string, by: string, now: Date, what: NewEvent): CaseEvent {
  return { ...meta(siteCode, now), registrationId: registration.id, at: now.toISOString(), by, ...what }
}

/** Saves the registration and its event together, or neither (the record queued first). */
async function saveWithEvent(db: RelaisDb, next: Registration, ev: CaseEvent, now: Date) {
  await saveRecords(
    db,
    [
      { entity: 'registration', data: next },
      { entity: 'caseEvent', data: ev },
    ],
    now,
  )
}

export type AssistanceInput = Pick<Assistance, 'type' | 'quantity' | 'provider' | 'providedOn' | 'notes'>

/** Records one assistance given to the person (a timeline entry by itself). */
export function recordAssistance(db: RelaisDb, c: Case, input: AssistanceInput, actor: Actor, now = new Date()) {
  const data: Assistance = {
    ...meta(c.data.siteCode, now),
    registrationId: c.id,
    ...withoutEmpty(input),
    providedBy: actor.userId,
  }
  return saveRecord(db, 'assistance', data, now)
}

export type ReferralInput = Pick<Referral, 'to' | 'partnerName' | 'reason' | 'urgency' | 'consentToShare' | 'sentOn'>

/** Refers the person: a pending referral (a timeline entry by itself). */
export function refer(db: RelaisDb, c: Case, input: ReferralInput, actor: Actor, now = new Date()) {
  const data: Referral = {
    ...meta(c.data.siteCode, now),
    registrationId: c.id,
    sentBy: actor.userId,
    ...withoutEmpty(input),
    status: 'pending',
    statusOn: input.sentOn,
  }
  return saveRecord(db, 'referral', data, now)
}

export type ReferralUpdate = Pick<Referral, 'status' | 'statusOn' | 'outcomeNotes'>

/** A referral's new status: a new version of the referral and a 'referral_updated' event. */
export async function updateReferral(
  db: RelaisDb,
  c: Case,
  referral: LocalRecord<'referral'>,
  update: ReferralUpdate,
  actor: Actor,
  now = new Date(),
) {
  const { outcomeNotes: _previousNotes, ...rest } = referral.data
  const next: Referral = { ...rest, ...withoutEmpty(update) }
  const ev = event(c.data, c.data.siteCode, actor.userId, now, { kind: 'referral_updated', recordId: referral.id })
  // the referral and its event together, or neither
  await saveRecords(
    db,
    [
      { entity: 'referral', data: next },
      { entity: 'caseEvent', data: ev },
    ],
    now,
  )
}

/**
 * Moves the case to `to`: the registration with its new status (and closure reason) and
 * a 'status_changed' event, or 'reopened' when a case that ended opens again. Throws
 * StatusChangeRefused for a change the role may not make, and the schema's ZodError for
 * a status the record does not allow yet (departed before the return is ready). The
 * closure's detail (its reason "other" in words) stays on the registration: the event
 * holds no free text.
 */
export async function changeStatus(
  db: RelaisDb,
  c: Case,
  to: CaseStatus,
  closure: Closure | undefined,
  actor: Actor,
  now = new Date(),
) {
  const from = c.data.caseStatus
  const { closureReason: _previousReason, closureDetail: _previousDetail, ...rest } = c.data
  const reason = to === 'closed' ? closure?.reason : undefined
  const detail = reason === 'other' ? closure?.detail : undefined
  // the server's rule (case-file.ts): how a case ended is a supervisor's to change
  const refusal = endingChangeRefusal(
    c.data,
    { caseStatus: to, closureReason: reason, closureDetail: detail },
    actor.role,
  )
  if (refusal) throw new StatusChangeRefused(refusal.code)
  const next = {
    ...rest,
    caseStatus: to,
    ...(reason ? { closureReason: reason } : {}),
    ...(detail ? { closureDetail: detail } : {}),
  } as Registration
  const kind = isEnded(from) && !isEnded(to) ? 'reopened' : 'status_changed'
  const ev = event(c.data, c.data.siteCode, actor.userId, now, {
    kind,
    fromStatus: from,
    toStatus: to,
    ...(reason ? { closureReason: reason } : {}),
  })
  await saveWithEvent(db, next, ev, now)
}

/**
 * Moves the cases of `plan` to another transit centre, each as a single transfer is: its
 * 'transferred' event queued first, at the centre the case leaves (it reaches the server
 * before the registration, whose transfer carries the case's linked records, this event
 * too, to the new centre), then the registration. A household parted by the move gets
 * its trace on both sides (transfer-records.ts). The household moves as one: every
 * record is checked, then all are saved in one transaction or none is (a phone full or
 * locked half-way never leaves part of a family moved, with events saying otherwise).
 */
export async function transferCases(db: RelaisDb, plan: TransferPlan, actor: Actor, now = new Date()) {
  await saveRecords(db, transferRecords(plan, actor.userId, now), now)
}

/** Moves one case to another transit centre (no household member moves or stays with it). */
export function transferCase(db: RelaisDb, c: Case, toSite: string, actor: Actor, now = new Date()) {
  return transferCases(db, { moving: [c.data], staying: [], toSite }, actor, now)
}

/** The person withdraws consent: the case becomes anonymous here (the server also scrubs its past versions). */
export async function withdrawConsent(db: RelaisDb, c: Case, actor: Actor, now = new Date()) {
  const next = withoutPersonalData(c.data, siteDay(now))
  const ev = event(c.data, c.data.siteCode, actor.userId, now, { kind: 'consent_withdrawn' })
  await saveWithEvent(db, next, ev, now)
  // typing kept about the person (an edit of the case, a panel's notes) goes too
  await clearRecordDrafts(db, [c.data.id])
}

/** Drops optional fields left empty by a form ('' or undefined): the schemas refuse empty text. */
function withoutEmpty<T extends object>(values: T): T {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '')) as T
}
