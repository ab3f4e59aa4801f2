/**
 * GET /api/v1/me (docs/api.md): what the signed-in user may read now, their role and
 * sites as the server holds them (a login's answer goes stale when an admin changes
 * them). The phone removes the records of sites it no longer covers (data/lost-sites.ts).
 */
import { z } from 'zod'
import { roleSchema } from './auth'

export const accessSchema = z.object({
  id: z.string(),
  role: roleSchema,
  /** Sorted; every site for an admin is said by the role, not listed here. */
  sites: z.array(z.string().min(1).max(20)),
})
export type Access = z.infer<typeof accessSchema>
