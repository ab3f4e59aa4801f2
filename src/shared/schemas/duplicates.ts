/**
 * Possible duplicate persons (docs/api.md, Possible duplicates): pairs of named cases at
 * the sites a supervisor covers that the shared name matcher (shared/names) or a
 * registrar's warning says may be one person, with what is needed to decide and
 * nothing more (no contact, document, journey or vulnerabilities). A supervisor merges
 * a pair (same site only), marks it "not the same person", or undoes a recent merge or
 * such a mark.
 */
import { z } from 'zod'
import { SEXES } from './codes'
import { siteCodeSchema, timestampSchema, uuidSchema } from './common'
import { addRuleIssue } from './rule-issue'

/** `sites=AGZ-TC,ARL-TC` (default: every site the caller covers; others are left out). */
export const duplicatesQuerySchema = z.strictObject({
  sites: z
    .string()
    .max(2000)
    .transform((text) => text.split(',').filter((code) => code !== ''))
    .pipe(z.array(siteCodeSchema).max(200))
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
})
export type DuplicatesQuery = z.infer<typeof duplicatesQuerySchema>

/** One side of a pair: what tells two people apart, never their contact or story. */
export const duplicatePersonSchema = z.object({
  id: z.string(),
  caseNumber: z.string().nullable(),
  siteCode: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  aliases: z.array(z.string()),
  sex: z.enum(SEXES),
  dateOfBirth: z.string(),
  dateOfBirthEstimated: z.boolean(),
  nationality: z.string(),
  registeredOn: z.string(),
  consentSharing: z.boolean(),
})
export type DuplicatePerson = z.infer<typeof duplicatePersonSchema>

export const duplicatePairSchema = z.object({
  a: duplicatePersonSchema,
  b: duplicatePersonSchema,
  /** The name matcher's score (1: the same name), null when only a registrar flagged the pair. */
  score: z.number().min(0).max(1).nullable(),
  /** A registrar was warned on the phone and saved anyway (`possibleDuplicateOf`). */
  flagged: z.boolean(),
  /** Only a pair at one site can be merged: else transfer one case first. */
  sameSite: z.boolean(),
})
export type DuplicatePair = z.infer<typeof duplicatePairSchema>

/** A merge that can still be undone. */
export const recentMergeSchema = z.object({
  keepId: z.string(),
  mergeId: z.string(),
  siteCode: z.string(),
  keepCaseNumber: z.string().nullable(),
  mergeCaseNumber: z.string().nullable(),
  mergedAt: timestampSchema,
  mergedBy: z.object({ id: z.string(), name: z.string() }),
})
export type RecentMerge = z.infer<typeof recentMergeSchema>

export const duplicateListSchema = z.object({
  pairs: z.array(duplicatePairSchema),
  /** Merges of the last 30 days at these sites, not undone, newest first. */
  merges: z.array(recentMergeSchema),
})
export type DuplicateList = z.infer<typeof duplicateListSchema>

// the case ids of the requests below take any spelling: a case stored in capitals before
// the rule is reached by that exact id, another answers `uuid_not_lowercase` at its field
// (the server's requested-cases.ts)
export const mergeRequestSchema = z
  .strictObject({ keepId: uuidSchema, mergeId: uuidSchema })
  .superRefine((body, ctx) => {
    if (body.keepId === body.mergeId)
      addRuleIssue(ctx, 'merge_same_case', ['mergeId'], 'A case is not merged into itself')
  })
export type MergeRequest = z.infer<typeof mergeRequestSchema>

export const distinctRequestSchema = z.strictObject({ aId: uuidSchema, bId: uuidSchema }).superRefine((body, ctx) => {
  if (body.aId === body.bId) addRuleIssue(ctx, 'merge_same_case', ['bId'], 'Name two different cases')
})
export type DistinctRequest = z.infer<typeof distinctRequestSchema>

/** Takes back "not the same person" for the pair `aId`, `bId` (either order): it is listed again. */
export const undoDistinctRequestSchema = distinctRequestSchema
export type UndoDistinctRequest = z.infer<typeof undoDistinctRequestSchema>

/** Undoes the merge of the case `mergeId` (the one that was merged into another). */
export const undoMergeRequestSchema = z.strictObject({ mergeId: uuidSchema })
export type UndoMergeRequest = z.infer<typeof undoMergeRequestSchema>

export const mergeAnswerSchema = z.object({
  keepId: z.string(),
  mergeId: z.string(),
  /** The revs the survivor and the merged case have now. */
  keepRev: z.int().min(1),
  mergeRev: z.int().min(1),
  /** How many assistance, referral and case-event records now name the survivor. */
  moved: z.int().min(0),
})
export type MergeAnswer = z.infer<typeof mergeAnswerSchema>

export const undoMergeAnswerSchema = z.object({
  keepId: z.string(),
  mergeId: z.string(),
  /** How many records went back to the merged case. */
  restored: z.int().min(0),
})
export type UndoMergeAnswer = z.infer<typeof undoMergeAnswerSchema>

export const distinctAnswerSchema = z.object({ aId: z.string(), bId: z.string() })
export type DistinctAnswer = z.infer<typeof distinctAnswerSchema>

/** The pair whose mark was taken back, in text order of its ids. */
export const undoDistinctAnswerSchema = distinctAnswerSchema
export type UndoDistinctAnswer = z.infer<typeof undoDistinctAnswerSchema>

/** The stable codes a merge or an undo is refused with (400, also as the field error's code). */
export const MERGE_REFUSALS = [
  'merge_needs_same_site',
  'merge_anonymous_into_named',
  'already_merged',
  'undo_needs_same_site',
] as const
export type MergeRefusal = (typeof MERGE_REFUSALS)[number]

/** Pairs are stored and compared in text order of their ids. */
export function pairKey(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a]
}
