/** Sign-in, users and roles (sync-protocol.md, Authentication). */
import { z } from 'zod'
import { ROLES } from './codes'
import { siteCodeSchema, textSchema, uuidSchema } from './common'

export const roleSchema = z.enum(ROLES)
export type Role = z.infer<typeof roleSchema>

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000),
  deviceId: uuidSchema,
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
})
export type LoginResponse = z.infer<typeof loginResponseSchema>

export const newUserSchema = z.object({
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
