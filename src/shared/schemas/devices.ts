/** The supervisors' sync view: one item of GET /api/v1/devices (sync-protocol.md, rule 6). */
import { z } from 'zod'
import { roleSchema } from './auth'
import { inLowercase, timestampSchema } from './common'

export const revokeModeSchema = z.enum(['wipe_after_upload', 'block'])
export type RevokeMode = z.infer<typeof revokeModeSchema>

export const deviceSummarySchema = z.object({
  deviceId: z.string(),
  user: z.object({ id: z.string(), username: z.string(), name: z.string(), role: roleSchema }),
  firstSeenAt: timestampSchema,
  lastPushAt: timestampSchema.nullable(),
  lastPullAt: timestampSchema.nullable(),
  /** `queue.pending` the device reported with its last push, less what that push's answer took off. */
  pending: z.int().min(0).nullable(),
  /**
   * Records needing attention on the phone (refused, or in conflict) after its last push's
   * answer; null: its app does not say. Additive: older servers send none.
   */
  attention: z.int().min(0).nullable().optional(),
  /** When the oldest change still waiting on the phone was saved (the phone's clock); null: none, or not said. Additive. */
  oldestUnsentAt: timestampSchema.nullable().optional(),
  lastError: z.string().nullable(),
  lastErrorAt: timestampSchema.nullable(),
  appVersion: z.string().nullable(),
  /** The name the user gave this phone at sign-in (additive; older servers send none). */
  deviceName: z.string().nullable().optional(),
  revoked: z.object({ mode: revokeModeSchema, at: timestampSchema }).nullable(),
})
export type DeviceSummary = z.infer<typeof deviceSummarySchema>

/**
 * POST /api/v1/devices/<deviceId>/revoke. Revocation acts on (device, user) pairs:
 * with `userId`, that user's pair; without it, every pair of the device the caller
 * covers (a supervisor: users sharing one of their sites; an admin: all).
 */
export const revokeRequestSchema = z
  .strictObject({
    mode: revokeModeSchema.default('wipe_after_upload'),
    userId: inLowercase(z.string().min(1).max(100)).optional(),
  })
  .default({ mode: 'wipe_after_upload' })
export type RevokeRequest = z.input<typeof revokeRequestSchema>

export const revokeAnswerSchema = z.object({
  deviceId: z.string(),
  mode: revokeModeSchema,
  revokedAt: timestampSchema,
  /** The users whose pairs with the device are now revoked. */
  userIds: z.array(z.string()),
})
export type RevokeAnswer = z.infer<typeof revokeAnswerSchema>
