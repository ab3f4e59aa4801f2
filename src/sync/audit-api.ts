/**
 * The audit log over fetch (admins), online only. Read leniently: an action this app does
 * not know yet (a newer server's) is kept with its code, never a reason to drop the page.
 */
import { z } from 'zod'
import { auditEntrySchema, auditPageSchema, auditPersonSchema } from '@/shared/schemas/audit'
import { createApiCall, type ApiOptions } from './api-call'

export const AUDIT_PAGE_SIZE = 50

const auditEntryReadSchema = auditEntrySchema.extend({
  action: z.string(),
  // an older server sends neither: the entry is still shown, by id
  actor: auditPersonSchema.nullable().catch(null),
  targetUser: auditPersonSchema.nullable().catch(null),
})
export type AuditEntryRead = z.infer<typeof auditEntryReadSchema>

const auditPageReadSchema = auditPageSchema.extend({ entries: z.array(auditEntryReadSchema) })
export type AuditPageRead = z.infer<typeof auditPageReadSchema>

export interface AuditQuery {
  /** Only these actions; none: every action. */
  actions?: readonly string[]
  /** The previous page's `next`. */
  before?: string
}

export function createAuditApi(opts: ApiOptions) {
  const call = createApiCall(opts)
  return {
    list: ({ actions, before }: AuditQuery = {}) => {
      const query = new URLSearchParams({ limit: String(AUDIT_PAGE_SIZE) })
      if (actions && actions.length > 0) query.set('action', actions.join(','))
      if (before !== undefined) query.set('before', before)
      return call(`/api/v1/audit?${query.toString()}`, {}, auditPageReadSchema)
    },
  }
}

export type AuditApi = ReturnType<typeof createAuditApi>
