/**
 * One entry of a case's timeline (MRRM): edited, status changed, reopened, referral
 * updated, transferred, consent withdrawn, a household parted by a transfer (on the case
 * that moved and on each member that stayed); and, written by the server, a supervisor's
 * merge, its undoing and a conflict's resolution. The registration, its assistance and
 * its referrals are entries by themselves (their dates and authors). Saved beside the
 * change it describes and synced like any record, so that every phone of the site shows
 * the same timeline offline. An event is written once and never edited.
 *
 * It names what changed, never the values: no personal data lives in an event, so a
 * withdrawal of consent leaves the timeline as it is.
 *
 * A newer version of Relais may write a kind this one does not know: the schema reads it
 * (a code, like the kinds it knows), so that a phone keeps the event as the server sent
 * it and its timeline says it in general words; a push brings only the kinds the server
 * knows (push-values.ts).
 */
import { z } from 'zod'
import { CASE_EVENT_KINDS, CASE_SECTIONS, CASE_STATUSES, CLOSURE_REASONS, CONFLICT_CHOICES } from './codes'
import { breakRule, recordRule } from './rule-issue'
import {
  codeSetSchema,
  eventTimestampSchema,
  recordMetaShape,
  siteCodeSchema,
  userRefSchema,
  uuidSchema,
} from './common'

export type CaseEventKind = (typeof CASE_EVENT_KINDS)[number]

/** A kind of event a newer version of Relais wrote, which this version does not know: a code (`age_assessed`). */
const newerEventKindSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,49}$/)
  .brand<'NewerEventKind'>()

/**
 * A kind: one this version knows, or a newer version's code. Anything else is no kind at
 * all and reads `invalid_value` at `kind`, as an unknown kind does at push (a union
 * would say `invalid_union`, naming neither).
 */
const eventKindSchema = z
  .string()
  .check((ctx) => {
    if (isKnownEventKind(ctx.value) || newerEventKindSchema.safeParse(ctx.value).success) return
    ctx.issues.push({
      code: 'invalid_value',
      values: [...CASE_EVENT_KINDS],
      input: ctx.value,
      message: 'Not a kind of case event',
    })
  })
  // a kind this version knows is read as such, any other code as a newer version's
  .pipe(z.union([z.enum(CASE_EVENT_KINDS), newerEventKindSchema]))
  // GET /api/v1/schema describes what a push may bring: the kinds this version knows
  .meta({ enum: [...CASE_EVENT_KINDS] })

/** Whether this version knows the kind (else a newer version wrote it). */
export function isKnownEventKind(kind: string): kind is CaseEventKind {
  return (CASE_EVENT_KINDS as readonly string[]).includes(kind)
}

/** The rules of a case event beyond its fields' shapes, in words (GET /api/v1/schema); the schema checks them. */
export const CASE_EVENT_RULES = {
  toStatus: recordRule(
    'required_here',
    ['toStatus', 'kind'],
    'toStatus is given when kind is "status_changed" or "reopened"',
  ),
  transfer: recordRule(
    'required_here',
    ['fromSite', 'toSite', 'kind'],
    'fromSite and toSite are given when kind is "transferred" (the error names the missing one)',
  ),
  household: recordRule(
    'required_here',
    ['recordId', 'fromSite', 'toSite', 'kind'],
    'recordId (the household member) and both centres are given when kind is "household_member_transferred" or "household_member_stayed" (the error names the first missing one)',
  ),
  referral: recordRule(
    'required_here',
    ['recordId', 'kind'],
    'recordId (the referral) is given when kind is "referral_updated"',
  ),
  conflict: recordRule(
    'required_here',
    ['recordId', 'choice', 'kind'],
    'recordId (the record that was in conflict) and choice are given when kind is "conflict_resolved"',
  ),
}

export const caseEventSchema = z
  .strictObject({
    ...recordMetaShape,
    registrationId: uuidSchema,
    kind: eventKindSchema,
    /** When it happened (the phone's clock). */
    at: eventTimestampSchema,
    /** Who did it. */
    by: userRefSchema,
    /** The parts of the case file an edit touched. */
    sections: codeSetSchema(CASE_SECTIONS).optional(),
    fromStatus: z.enum(CASE_STATUSES).optional(),
    toStatus: z.enum(CASE_STATUSES).optional(),
    closureReason: z.enum(CLOSURE_REASONS).optional(),
    /** A transfer's centres. */
    fromSite: siteCodeSchema.optional(),
    toSite: siteCodeSchema.optional(),
    /**
     * The referral the event is about; for a resolved conflict, the record that was in
     * conflict; for a household event, the other member's case (an id, never who).
     */
    recordId: uuidSchema.optional(),
    /** How a supervisor resolved a conflict: kept the server's version, took the phone's, or field by field. */
    choice: z.enum(CONFLICT_CHOICES).optional(),
  })
  .superRefine((event, ctx) => {
    const statusChange = event.kind === 'status_changed' || event.kind === 'reopened'
    if (statusChange && event.toStatus === undefined) {
      breakRule(ctx, CASE_EVENT_RULES.toStatus, 'A status change names the new status')
    }
    if (event.kind === 'transferred' && (event.fromSite === undefined || event.toSite === undefined)) {
      breakRule(ctx, CASE_EVENT_RULES.transfer, 'A transfer names both centres', [
        event.fromSite === undefined ? 'fromSite' : 'toSite',
      ])
    }
    if (isHouseholdEventKind(event.kind)) {
      const missing = (['recordId', 'fromSite', 'toSite'] as const).find((field) => event[field] === undefined)
      if (missing) breakRule(ctx, CASE_EVENT_RULES.household, 'Name the household member and both centres', [missing])
    }
    if (event.kind === 'referral_updated' && event.recordId === undefined) {
      breakRule(ctx, CASE_EVENT_RULES.referral, 'Name the referral')
    }
    if (event.kind === 'conflict_resolved' && (event.recordId === undefined || event.choice === undefined)) {
      breakRule(ctx, CASE_EVENT_RULES.conflict, 'Name the record and the choice', [
        event.recordId === undefined ? 'recordId' : 'choice',
      ])
    }
  })

export type CaseEvent = z.infer<typeof caseEventSchema>

/** The events a transfer that parts a household leaves on each side: who moved where, or who stayed. */
export const HOUSEHOLD_EVENT_KINDS = ['household_member_transferred', 'household_member_stayed'] as const
export type HouseholdEventKind = (typeof HOUSEHOLD_EVENT_KINDS)[number]

export function isHouseholdEventKind(kind: string): kind is HouseholdEventKind {
  return (HOUSEHOLD_EVENT_KINDS as readonly string[]).includes(kind)
}
