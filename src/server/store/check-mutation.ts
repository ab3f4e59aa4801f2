/**
 * Rule 3: what makes one mutation `rejected` on its own: a role that may not write the
 * entity, a record outside the user's sites, a site outside them (except for a
 * registration the user moves from one of their sites: a transfer), or `data` that
 * fails the entity's schema or the rules on values a push brings (push-values.ts: ids in
 * lowercase). What is stored is the schema's output (parse-record.ts), never the data as sent.
 *
 * Other sites are invisible: a mutation on a record the user does not cover answers
 * the same neutral `unavailable` as one on a record that does not exist, whatever the
 * record's site or entity (out-of-scope.ts).
 */
import type { SessionUser } from '../../shared/schemas/auth'
import { parseRecordData, type RecordParse } from '../../shared/schemas/parse-record'
import { isCanonicalUuid, UUID_NOT_LOWERCASE } from '../../shared/schemas/common'
import type { Entity } from '../../shared/schemas/entities'
import { pushValueErrors } from '../../shared/schemas/push-values'
import type { FieldError, Mutation } from '../../shared/schemas/sync'
import { canWrite, mayUseSite } from '../../shared/roles'
import { unavailable } from './out-of-scope'
import type { RecordData, StoredRecord } from './records'

export type Checked = { ok: true; data: RecordData | null; siteCode: string } | { ok: false; errors: FieldError[] }

const reject = (path: FieldError['path'], code: string, message: string): Checked => ({
  ok: false,
  errors: [{ path, code, message }],
})

/**
 * The parse of each upsert's data, done before the batch's transaction: it depends on
 * nothing stored, and on PostgreSQL the transaction holds the change lock, which no
 * other push can take meanwhile.
 */
export function parseBatchData(mutations: readonly Mutation[]): Map<Mutation, RecordParse<Entity>> {
  const parsed = new Map<Mutation, RecordParse<Entity>>()
  for (const mutation of mutations) {
    if (mutation.op === 'upsert' && mutation.data !== undefined) {
      parsed.set(mutation, parseRecordData(mutation.entity, mutation.data))
    }
  }
  return parsed
}

export function checkMutation(
  user: SessionUser,
  mutation: Mutation,
  existing: StoredRecord | undefined,
  parsedData: RecordParse<Entity> = parseRecordData(mutation.entity, mutation.data),
): Checked {
  if (!canWrite(user.role, mutation.entity))
    return reject([], 'forbidden', `Your role may not write ${mutation.entity}`)
  // another spelling of a UUID is refused, unless it is exactly the id of a record of the
  // user's that the server holds (stored before the rule): the same answer whether or not
  // that spelling exists at another site
  const ownRecord = existing !== undefined && mayUseSite(user, existing.siteCode)
  if (!isCanonicalUuid(mutation.recordId) && !ownRecord) {
    return reject(['recordId'], UUID_NOT_LOWERCASE, 'Write the record id in lowercase')
  }
  // checked before anything that would tell what the record is
  if (existing && !mayUseSite(user, existing.siteCode)) return { ok: false, errors: [unavailable([])] }
  if (existing && existing.entity !== mutation.entity) {
    return reject(['entity'], 'entity_mismatch', `Record ${mutation.recordId} is a ${existing.entity}`)
  }
  if (mutation.op === 'delete') {
    if (!existing) return { ok: false, errors: [unavailable([])] }
    return { ok: true, data: null, siteCode: existing.siteCode }
  }
  if (mutation.data === undefined) return reject(['data'], 'required', 'An upsert carries the whole record')
  const parsed = parsedData
  if (!parsed.success) return { ok: false, errors: parsed.errors }
  const valueErrors = pushValueErrors(mutation.entity, parsed.data as RecordData, existing?.data)
  if (valueErrors.length > 0) return { ok: false, errors: valueErrors }
  if (parsed.data.id !== mutation.recordId) return reject(['id'], 'id_mismatch', 'data.id must equal recordId')
  // a registration that moves from a site of the user's to another is a transfer (case-file.ts checks the new site)
  const transfer = existing?.entity === 'registration' && existing.siteCode !== parsed.data.siteCode
  if (!mayUseSite(user, parsed.data.siteCode) && !transfer) {
    return reject(['siteCode'], 'forbidden', 'This site is not one of yours')
  }
  return { ok: true, data: parsed.data as RecordData, siteCode: parsed.data.siteCode }
}
