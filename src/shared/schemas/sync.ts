/**
 * Messages of sync-protocol.md, version 1. The envelope is parsed strictly enough to
 * answer each mutation on its own (rule 4); a mutation's `data` is checked against
 * its entity's schema separately, so that one bad record never blocks a batch (rule 3).
 */
import { z } from 'zod'
import { entitySchema } from './entities'
import { cleanLine } from '../text/clean-text'
import { boundedTimestampSchema, canonicalUuidSchema, timestampSchema, uuidSchema } from './common'
import { queueSchema } from '../queue-report'
import { RECORD_DATA_LIMITS } from '../text/json-limits'

export const PROTOCOL_VERSION = '1'
export const MAX_BATCH_MUTATIONS = 500
export const MAX_BATCH_BYTES = 2 * 1024 * 1024
export const DEFAULT_PULL_LIMIT = 500
/** The request header in which an app says its version (docs/api.md, Forward compatibility). */
export const APP_VERSION_HEADER = 'X-Relais-App-Version'
export const MAX_PULL_LIMIT = 1000

export const mutationSchema = z.object({
  // one mutation, one spelling: rule 1 answers a mutationId once
  mutationId: canonicalUuidSchema,
  entity: entitySchema,
  // any spelling parses, so that the mutation is answered on its own: a new record's id
  // in capitals is `rejected` (push-values.ts), one the server holds so is still its own
  recordId: uuidSchema,
  op: z.enum(['upsert', 'delete']),
  baseRev: z.int().min(0),
  /** The whole record after the change; absent for a delete. Checked per entity later. */
  data: z.unknown().optional(),
  /**
   * The top-level fields of `data` this change touched: the merge trusts what it names
   * (rule 5). A list of names, as long as a record's keys may be: a name no record has is
   * the data's problem (rule 3), answered on its own.
   */
  changedFields: z
    .array(z.string().max(RECORD_DATA_LIMITS.maxStringLength))
    .max(RECORD_DATA_LIMITS.maxNodes)
    .optional(),
  /** The device's time of the change: a conflict keeps it. */
  at: boundedTimestampSchema.optional(),
  // informational: the server records the signed-in user as the author and never reads
  // it; a malformed one is dropped
  by: z.string().max(100).optional().catch(undefined),
})
export type Mutation = z.infer<typeof mutationSchema>

/**
 * A mutation the server kept as it was sent (work at a lost site), read back as leniently
 * as it was taken then: an envelope check added since never makes kept work unreadable.
 */
export const keptMutationSchema = mutationSchema.extend({
  mutationId: uuidSchema,
  changedFields: mutationSchema.shape.changedFields.catch(undefined),
  at: timestampSchema.optional().catch(undefined),
})

export const sealedBatchSchema = z.object({
  /** Format version (docs/sync-protocol-sealed.md); absent means 1. */
  v: z.literal(1).optional(),
  kid: z.string().max(100),
  // its shape is checked when the batch is opened: a bad one is `unsealable`, as any batch that cannot be opened
  epk: z.record(z.string(), z.unknown()),
  iv: z.string().max(100),
  ct: z.string(),
})

export const pushRequestSchema = z
  .object({
    deviceId: canonicalUuidSchema,
    batchId: canonicalUuidSchema,
    /** What waits on the phone (rule 6; `attention` and `oldestUnsentAt` are additive): queue-report.ts. */
    queue: queueSchema.optional(),
    appVersion: z.string().overwrite(cleanLine).max(50).optional(),
    /**
     * Additive: the phone's clock as it sent this request, so that the server knows how far
     * off it is (a tally filed by a clock days behind is refused, push.ts). A courier file
     * carries none: it is sent long after it was written.
     */
    sentAt: boundedTimestampSchema.optional(),
    mutations: z.array(mutationSchema).optional(),
    sealed: sealedBatchSchema.optional(),
  })
  .refine((body) => body.mutations !== undefined || body.sealed !== undefined, {
    path: ['mutations'],
    message: 'Required',
  })
export type PushRequest = z.infer<typeof pushRequestSchema>

export const PUSH_STATUSES = ['applied', 'duplicate', 'merged', 'conflict', 'rejected'] as const
export type PushStatus = (typeof PUSH_STATUSES)[number]

export const fieldErrorSchema = z.object({
  path: z.array(z.union([z.string(), z.number()])),
  code: z.string(),
  message: z.string().optional(),
})
export type FieldError = z.infer<typeof fieldErrorSchema>

export const pushResultSchema = z.object({
  mutationId: z.string(),
  status: z.enum(PUSH_STATUSES),
  /** For `duplicate`: what the mutation was first answered. */
  was: z.enum(PUSH_STATUSES).optional(),
  rev: z.int().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
  /**
   * Additive, in an answer to a push-only credential (which never carries `data`): the
   * server stored, at `rev`, a version other than the one sent (text the schema cleaned,
   * the blanks of a withdrawal). The device pulls it once unlocked.
   */
  changed: z.literal(true).optional(),
  errors: z.array(fieldErrorSchema).optional(),
})
export type PushResult = z.infer<typeof pushResultSchema>

export const pushResponseSchema = z.object({
  batchId: z.string(),
  serverTime: timestampSchema,
  results: z.array(pushResultSchema),
  wipe: z.boolean().optional(),
})
export type PushResponse = z.infer<typeof pushResponseSchema>

/**
 * A push answer to `Prefer: return=minimal` (additive, docs/sync-protocol.md): one result
 * per mutation in request order, without the mutationIds the device sent. An older server
 * ignores the preference and sends them.
 */
export const minimalPushResponseSchema = pushResponseSchema.extend({
  results: z.array(pushResultSchema.extend({ mutationId: z.string().optional() })),
})
export type MinimalPushResponse = z.infer<typeof minimalPushResponseSchema>

export const changeSchema = z.object({
  entity: entitySchema,
  recordId: z.string(),
  rev: z.int().min(1),
  deleted: z.boolean(),
  data: z.record(z.string(), z.unknown()).optional(),
})
export type Change = z.infer<typeof changeSchema>

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  cursor: z.string(),
  more: z.boolean(),
})
export type PullResponse = z.infer<typeof pullResponseSchema>

/**
 * A pull page as the device reads it: leniently, so that a newer server's entity or
 * field never makes the whole page unreadable (the device keeps what it cannot use yet,
 * and moves its cursor on). `pullResponseSchema` stays what this server sends.
 */
export const pulledChangeSchema = changeSchema.extend({
  entity: z.string().min(1).max(50),
  recordId: z.string().min(1).max(100),
  data: z.unknown().optional(),
})
export type PulledChange = z.infer<typeof pulledChangeSchema>

export const pulledPageSchema = pullResponseSchema.extend({ changes: z.array(pulledChangeSchema) })
export type PulledPage = z.infer<typeof pulledPageSchema>

export const apiErrorSchema = z.looseObject({
  error: z.string(),
  message: z.string().optional(),
})
export type ApiError = z.infer<typeof apiErrorSchema>

/** Top-level fields of `data` that differ between two versions of a record. */
export function changedFields(before: object | undefined, after: object): string[] {
  const a = (before ?? {}) as Record<string, unknown>
  const b = after as Record<string, unknown>
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort()
}
