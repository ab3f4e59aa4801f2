/**
 * The staff directory (GET /api/v1/staff, additive): the people whose work a phone shows,
 * so that every phone of a site names who did what in a case's timeline, whoever it was.
 * Only ids, display names and roles: no username, no contact.
 */
import { z } from 'zod'
import { roleSchema } from './auth'

export const staffMemberSchema = z.object({
  id: z.string().min(1).max(100),
  name: z.string().max(200),
  role: roleSchema,
})
export type StaffMember = z.infer<typeof staffMemberSchema>

export const staffResponseSchema = z.object({ staff: z.array(staffMemberSchema) })
export type StaffResponse = z.infer<typeof staffResponseSchema>
