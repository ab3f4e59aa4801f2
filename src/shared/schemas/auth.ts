/** Sign-in, users and roles (sync-protocol.md, Authentication). */
import { z } from 'zod'
import { ROLES } from './codes'
import { cleanLine } from '../text/clean-text'
import { canonicalUuidSchema, inLowercase, siteCodeSchema, textSchema, timestampSchema } from './common'

export const roleSchema = z.enum(ROLES)
export type Role = z.infer<typeof roleSchema>

export const loginRequestSchema = z.strictObject({
  username: z.string().overwrite(cleanLine).min(1).max(100),
  password: z.string().min(1).max(1000),
  // the server keeps devices by id: a second spelling would be a second device
  deviceId: canonicalUuidSchema,
  /** What the user calls this phone ("Tecno Aïcha"), shown to supervisors (additive). */
  deviceName: z.string().overwrite(cleanLine).max(60).optional(),
})
export type LoginRequest = z.infer<typeof loginRequestSchema>

export const sessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  name: z.string(),
  role: roleSchema,
  sites: z.array(siteCodeSchema),
})
export type SessionUser = z.infer<typeof sessionUserSchema>

export const loginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
  user: sessionUserSchema,
  /** A second credential, valid for POST /api/v1/sync/push alone: what a locked device keeps. */
  pushToken: z.string().optional(),
  pushTokenExpiresAt: z.iso.datetime({ offset: true }).optional(),
  /**
   * This (device, user) sign-in's code, unique on the server and the same at every
   * sign-in: the middle of the case numbers the phone makes (AGZ-7K-0042). An older
   * server sends none.
   */
  caseCode: z
    .string()
    .regex(/^[A-Z0-9]{2,4}$/)
    .optional(),
})
export type LoginResponse = z.infer<typeof loginResponseSchema>

export const newUserSchema = z.strictObject({
  username: z
    .string()
    .trim()
    .regex(/^[a-z0-9._-]{3,40}$/, 'Lower-case letters, digits, dot, dash or underscore (3 to 40)'),
  password: z.string().min(10, 'At least 10 characters').max(200),
  name: textSchema(100),
  role: roleSchema,
  sites: z.array(siteCodeSchema).max(100),
})
export type NewUser = z.infer<typeof newUserSchema>

export const userSchema = sessionUserSchema.extend({
  active: z.boolean(),
  createdAt: z.string(),
})
export type User = z.infer<typeof userSchema>

/**
 * GET /api/v1/users/<id>/sign-in-lock (admin): whether too many wrong passwords lock the
 * username out of signing in, and until when; POST /api/v1/auth/unlock lifts it.
 */
export const signInLockSchema = z.object({
  username: z.string(),
  /** When sign-ins with this username are accepted again; null: they are now. */
  lockedUntil: timestampSchema.nullable(),
})
export type SignInLock = z.infer<typeof signInLockSchema>

/**
 * GET /api/v1/users/sign-in-locks (admin): the users wrong passwords lock out now, each
 * with until when, so that the users list can say who cannot sign in.
 */
export const signInLocksSchema = z.array(signInLockSchema.extend({ userId: z.string(), lockedUntil: timestampSchema }))
export type SignInLocks = z.infer<typeof signInLocksSchema>

/** POST /api/v1/auth/unlock (admin): the username whose sign-in lock to lift. */
export const unlockRequestSchema = z.strictObject({ username: z.string().trim().min(1).max(100) })

/** Its answer: `cleared` failures were forgotten. */
export const unlockAnswerSchema = z.object({ username: z.string(), cleared: z.number().int().nonnegative() })
export type UnlockAnswer = z.infer<typeof unlockAnswerSchema>

/**
 * The `<id>` of /api/v1/users/<id>/…: a user's id, which the server makes in lowercase; in
 * capitals it answers `uuid_not_lowercase`, any other text names no user (404).
 */
export const userParamsSchema = z.object({ id: inLowercase(z.string()) })

/** PATCH /api/v1/users/<id> (admin): the fields to change; `sites` replaces the list. */
export const userPatchSchema = z
  .strictObject({
    name: textSchema(100),
    role: roleSchema,
    sites: z.array(siteCodeSchema).max(100),
    /** false disables the account: its tokens stop working at once. */
    active: z.boolean(),
  })
  .partial()
export type UserPatch = z.infer<typeof userPatchSchema>

/**
 * POST /api/v1/users/<id>/password: a new passphrase. An admin resets anyone else's
 * without the current one; changing one's own always needs the current one.
 */
export const passwordChangeSchema = z.strictObject({
  password: newUserSchema.shape.password,
  currentPassword: z.string().min(1).max(1000).optional(),
})
export type PasswordChange = z.infer<typeof passwordChangeSchema>
