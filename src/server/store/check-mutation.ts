/**
 * Rule 3: what makes one mutation `rejected` on its own: a role that may not write the
 * entity, a site outside the user's sites, or `data` that fails the entity's schema.
 */
import type { SessionUser } from '../../shared/schemas/auth'
import { entityDataSchemas } from '../../shared/schemas/entities'
import type { FieldError, Mutation } from '../../shared/schemas/sync'
import { canWrite, mayUseSite } from '../../shared/roles'
import { fieldErrors } from '../http/api-error'
import type { RecordData, StoredRecord } from './records'

export type Checked = { ok: true; data: RecordData | null; siteCode: string } | { ok: false; errors: FieldError[] }

const reject = (path: FieldError['path'], code: string, message: string): Checked => ({
  ok: false,
  errors: [{ path, code, message }],
})

export function checkMutation(user: SessionUser, mutation: Mutation, existing: StoredRecord | undefined): Checked {
  if (!canWrite(user.role, mutation.entity))
    return reject([], 'forbidden', `Your role may not write ${mutation.entity}`)
  if (existing && existing.entity !== mutation.entity) {
    return reject(['entity'], 'entity_mismatch', `Record ${mutation.recordId} is a ${existing.entity}`)
  }
  if (existing && !mayUseSite(user, existing.siteCode)) {
    return reject([], 'forbidden', `The record belongs to site ${existing.siteCode}, not one of yours`)
  }
  if (mutation.op === 'delete') {
    if (!existing) return reject([], 'not_found', 'There is no such record to delete')
    return { ok: true, data: null, siteCode: existing.siteCode }
  }
  if (mutation.data === undefined) return reject(['data'], 'required', 'An upsert carries the whole record')
  const parsed = entityDataSchemas[mutation.entity].safeParse(mutation.data)
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) }
  if (parsed.data.id !== mutation.recordId) return reject(['id'], 'id_mismatch', 'data.id must equal recordId')
  if (!mayUseSite(user, parsed.data.siteCode)) {
    return reject(['siteCode'], 'forbidden', `Site ${parsed.data.siteCode} is not one of yours`)
  }
  // keep the record as the device sent it (validated), so that device and server hold the same bytes
  return { ok: true, data: mutation.data as RecordData, siteCode: parsed.data.siteCode }
}
