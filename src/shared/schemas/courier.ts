/**
 * The courier file and POST /api/v1/courier (docs/api.md, Courier files): a phone with no
 * link writes its waiting changes to a file sealed to the server's key; anyone signed in
 * uploads it, and the server applies it as that phone's pushes. The courier sees counts.
 */
import { z } from 'zod'
import { addRuleIssue } from './rule-issue'
import { boundedTimestampSchema, canonicalUuidSchema, timestampSchema } from './common'
import { mutationSchema, PUSH_STATUSES, sealedBatchSchema } from './sync'

/** `format` of every courier file: what tells it apart from any other JSON a courier picks. */
export const COURIER_FORMAT = 'relais-courier'
/** Batches in one file: 20 × 500 changes is far more than a week at any post. */
export const MAX_COURIER_BATCHES = 20
/** The largest upload the server reads (a file of 20 incompressible 2 MiB batches does not fit: the phone stops earlier). */
export const MAX_COURIER_FILE_BYTES = 8 * 1024 * 1024

export const courierBatchSchema = z.object({
  batchId: canonicalUuidSchema,
  sealed: sealedBatchSchema,
})
export type CourierBatch = z.infer<typeof courierBatchSchema>

/** The file as written and uploaded: nothing in clear but ids, a time and the sealed batches. */
export const courierFileSchema = z
  .object({
    format: z.literal(COURIER_FORMAT),
    v: z.literal(1),
    deviceId: canonicalUuidSchema,
    fileId: canonicalUuidSchema,
    createdAt: boundedTimestampSchema,
    batches: z.array(courierBatchSchema).min(1).max(MAX_COURIER_BATCHES),
  })
  .superRefine((file, ctx) => {
    // each batch has its own batchId: the second one named is refused, at its place
    const seen = new Set<string>()
    file.batches.forEach(({ batchId }, i) => {
      if (seen.has(batchId))
        addRuleIssue(ctx, 'listed_twice', ['batches', i, 'batchId'], 'Each batch has its own batchId')
      seen.add(batchId)
    })
  })
export type CourierFile = z.infer<typeof courierFileSchema>

/**
 * What a courier batch opens to: the phone's proof of origin, then the mutations it would
 * have pushed. The push-only token proves the (device, user) pair; only the server reads it.
 */
export const courierContentSchema = z.object({
  userId: z.string().min(1).max(100),
  pushToken: z.string().min(20).max(100),
  mutations: z.array(mutationSchema),
})
export type CourierContent = z.infer<typeof courierContentSchema>

export const courierCountsSchema = z.object({
  applied: z.int().min(0),
  merged: z.int().min(0),
  conflict: z.int().min(0),
  rejected: z.int().min(0),
  duplicate: z.int().min(0),
})
export type CourierCounts = z.infer<typeof courierCountsSchema>

/** The answer: one result per mutation (status and rev, never data or field errors), and the counts. */
export const courierResponseSchema = z.object({
  fileId: z.string(),
  serverTime: timestampSchema,
  counts: courierCountsSchema,
  results: z.array(
    z.object({
      mutationId: z.string(),
      status: z.enum(PUSH_STATUSES),
      was: z.enum(PUSH_STATUSES).optional(),
      rev: z.int().optional(),
    }),
  ),
})
export type CourierResponse = z.infer<typeof courierResponseSchema>
