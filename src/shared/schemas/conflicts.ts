/**
 * Conflicts (sync-protocol.md, rule 5): an incoming version the server could not apply,
 * kept for a supervisor beside the server's current version, and how it was resolved.
 */
import { z } from 'zod'
import { CONFLICT_CHOICES } from './codes'
import { entitySchema } from './entities'
import { inLowercase, timestampSchema, uuidSchema } from './common'
import { problemSubjectSchema } from './problem-subject'
import { addRuleIssue } from './rule-issue'

export const CONFLICT_STATUSES = ['open', 'resolved'] as const
export const conflictStatusSchema = z.enum(CONFLICT_STATUSES)
export type ConflictStatus = z.infer<typeof conflictStatusSchema>

export const conflictChoiceSchema = z.enum(CONFLICT_CHOICES)
export type ConflictChoice = z.infer<typeof conflictChoiceSchema>

const recordDataSchema = z.record(z.string(), z.unknown())

/**
 * The `<id>` of /api/v1/conflicts/<id>/resolve: a conflict's id, which the server makes in
 * lowercase; in capitals it answers `uuid_not_lowercase`, any other text names no conflict (404).
 */
export const conflictParamsSchema = z.object({ id: inLowercase(z.string()) })

export const conflictListQuerySchema = z.strictObject({
  status: conflictStatusSchema.default('open'),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
})

export const conflictSchema = z.object({
  id: z.string(),
  entity: entitySchema,
  recordId: z.string(),
  siteCode: z.string(),
  status: conflictStatusSchema,
  createdAt: timestampSchema,
  /** The record as the server holds it now (`data` null when it is deleted). */
  server: z.object({ rev: z.int().min(1), deleted: z.boolean(), data: recordDataSchema.nullable() }),
  /** The version the device pushed (`data` null for a delete). */
  incoming: z.object({
    mutationId: z.string(),
    op: z.enum(['upsert', 'delete']),
    baseRev: z.int().min(0),
    data: recordDataSchema.nullable(),
    /** null when the device did not say which fields it changed. */
    changedFields: z.array(z.string()).nullable(),
    deviceId: z.string(),
    /** What the user called the phone at sign-in; null when they did not (additive: older servers send none). */
    deviceName: z.string().nullable().optional(),
    user: z.object({ id: z.string(), username: z.string(), name: z.string() }),
    /** The device's clock when the change was made, when it said. */
    at: z.string().nullable(),
  }),
  resolution: z
    .object({ choice: conflictChoiceSchema, by: z.string(), at: timestampSchema, rev: z.int().min(1) })
    .nullable(),
  /** What the record is about (additive: older servers send none). */
  subject: problemSubjectSchema.optional(),
})
export type Conflict = z.infer<typeof conflictSchema>

/** Which side each differing field takes (shared/conflict-fields.ts). */
export const fieldChoicesSchema = z
  .record(z.string().max(100), z.enum(['server', 'incoming']))
  .superRefine((choices, ctx) => {
    if (Object.keys(choices).length > 200) addRuleIssue(ctx, 'too_many_values', [], 'At most 200 fields')
  })

export type FieldChoices = z.infer<typeof fieldChoicesSchema>

export const resolveConflictRequestSchema = z
  .strictObject({
    choice: conflictChoiceSchema,
    /** For `merged`: the whole record, checked with its entity's schema. */
    data: recordDataSchema.optional(),
    /**
     * For `merged`, in place of `data` (additive): a side per differing field; the server
     * makes the record from its own version and the device's.
     */
    fields: fieldChoicesSchema.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.choice === 'merged' && body.data === undefined && body.fields === undefined)
      addRuleIssue(
        ctx,
        'required_here',
        ['data'],
        'A merged resolution carries the whole record, or a choice per field',
      )
    if (body.data !== undefined && body.fields !== undefined)
      addRuleIssue(ctx, 'not_applicable', ['fields'], 'Either the whole record or a choice per field, not both')
    if (body.choice !== 'merged' && body.fields !== undefined)
      addRuleIssue(ctx, 'not_applicable', ['fields'], 'A choice per field is a merged resolution')
  })
export type ResolveConflictRequest = z.infer<typeof resolveConflictRequestSchema>

export const resolveConflictResponseSchema = z.object({
  id: z.string(),
  status: z.literal('resolved'),
  choice: conflictChoiceSchema,
  entity: entitySchema,
  recordId: uuidSchema,
  rev: z.int().min(1),
  deleted: z.boolean(),
  data: recordDataSchema.nullable(),
})
export type ResolveConflictResponse = z.infer<typeof resolveConflictResponseSchema>
