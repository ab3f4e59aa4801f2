/**
 * An audit entry in words: what was done and what it was done on. The details' shapes
 * are those the server writes (store/audit.ts and the callers of auditBy, docs/api.md
 * "Audit log"); each is read defensively, as a newer server may write more. An action
 * this version does not know is named by its code, with its target; its details are not
 * shown (they are only ever codes, counts and ids, but unread they say nothing). A record
 * named by id is said by its case's number when the server gives one (`caseNumbers`).
 */
import type { TFunction } from 'i18next'
import { formatDay } from '@/components/dates'
import { ROLES } from '@/shared/schemas/codes'
import { ENTITIES } from '@/shared/schemas/entities'
import type { AuditEntryRead } from '@/sync/audit-api'

export interface AuditWords {
  /** What was done, in one sentence. */
  what: string
  /** What it was done on, and where from: one line each. */
  on: string[]
}

type Details = Record<string, unknown>

const text = (details: Details, key: string): string | undefined =>
  typeof details[key] === 'string' ? details[key] : undefined
const count = (details: Details, key: string): number | undefined =>
  typeof details[key] === 'number' ? details[key] : undefined
const texts = (value: unknown): string[] | undefined =>
  Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined

const SIGN_IN_REASONS = ['invalid_credentials', 'account_disabled', 'device_revoked', 'too_many_attempts']
const CHOICES = ['server', 'incoming', 'merged']
const COURIER_STATUSES = ['applied', 'merged', 'conflict', 'rejected', 'duplicate'] as const
const AGGREGATES = ['flows-daily', 'registrations-by-centre', 'vulnerabilities-by-centre']

export function auditWords(t: TFunction, entry: AuditEntryRead, lang: string): AuditWords {
  const details: Details = entry.details ?? {}
  const list = (items: string[]) => items.join(t('app.listSeparator'))
  const role = (code: unknown) =>
    typeof code === 'string' && (ROLES as readonly string[]).includes(code) ? t(`codes.role.${code}`) : String(code)
  /** One record, said by its kind ("Case", "Referral"). */
  const entityOne = (code: string | undefined) =>
    code !== undefined && (ENTITIES as readonly string[]).includes(code) ? t(`problems.entity.${code}`) : (code ?? '?')
  /** Many records, said by their kind ("Registrations"). */
  const entityMany = (code: string) =>
    (ENTITIES as readonly string[]).includes(code) ? t(`exports.entity.${code}`) : code
  const user = () =>
    entry.targetUser
      ? t('admin.audit.userNamed', { name: entry.targetUser.name, username: entry.targetUser.username })
      : (text(details, 'username') ?? entry.target ?? '?')
  /** Site codes, "all" (an admin's export of every site) or "none". */
  const sites = (value: unknown) => {
    const codes = texts(value)
    if (value === 'all') return t('admin.audit.allSites')
    if (!codes) return undefined
    return codes.length === 0 ? t('admin.audit.noSites') : list(codes)
  }
  const counts = (keys: readonly string[], word: (key: string) => string) =>
    list(
      keys.flatMap((key) =>
        count(details, key) ? [t('admin.audit.counted', { what: word(key), n: count(details, key) })] : [],
      ),
    )
  const onLine = (key: string, value: string | null | undefined) =>
    value ? [t(`admin.audit.on.${key}`, { id: value })] : []
  /** A record's case number, or its id when it has none (a tally, or a case with no number). */
  const caseOr = (id: string | undefined | null) => (id ? (entry.caseNumbers[id] ?? id) : id)
  /** "Case AGZ-7K-0042", or "Record: <id>" for a record of no numbered case. */
  const recordLine = (id: string | undefined | null) => {
    const number = id ? entry.caseNumbers[id] : undefined
    return number ? [t('admin.audit.on.case', { number })] : onLine('record', id)
  }

  switch (entry.action) {
    case 'sign_in':
      return { what: t('admin.audit.action.sign_in'), on: address(t, details) }
    case 'sign_in_failed': {
      const reason = text(details, 'reason')
      const key = reason !== undefined && SIGN_IN_REASONS.includes(reason) ? reason : 'other'
      // a username that names no account is not kept (it may be a password typed in the wrong field)
      if (entry.target === null) {
        const unknown = key === 'too_many_attempts' ? 'tooManyUnknownUser' : 'unknownUser'
        return { what: t(`admin.audit.signInRefused.${unknown}`), on: address(t, details) }
      }
      return { what: t(`admin.audit.signInRefused.${key}`, { username: entry.target }), on: address(t, details) }
    }
    case 'user_created':
      return {
        what: t('admin.audit.action.user_created', {
          user: user(),
          role: role(details.role),
          sites: details.role === 'admin' ? t('admin.audit.allSites') : (sites(details.sites) ?? ''),
        }),
        on: [],
      }
    case 'user_updated': {
      const lock = details.signInLock
      if (typeof lock === 'object' && lock !== null) {
        const cleared = (lock as Details).cleared
        return { what: t('admin.audit.action.signInUnlocked', { user: user(), n: Number(cleared) || 0 }), on: [] }
      }
      return { what: t('admin.audit.action.user_updated', { user: user() }), on: userChanges(t, details, role, sites) }
    }
    case 'password_reset':
    case 'password_changed':
      return { what: t(`admin.audit.action.${entry.action}`, { user: user() }), on: [] }
    case 'site_created':
      return { what: t('admin.audit.action.site_created', { code: entry.target ?? '?' }), on: [] }
    case 'site_updated': {
      const active = details.active
      const key = active === false ? 'siteClosed' : active === true ? 'siteReopened' : 'site_updated'
      return { what: t(`admin.audit.action.${key}`, { code: entry.target ?? '?' }), on: [] }
    }
    case 'device_revoked': {
      const mode = text(details, 'mode') === 'block' ? 'block' : 'wipe_after_upload'
      const users = texts(details.userIds)?.length
      return {
        what: t(`admin.audit.revoked.${mode}`),
        on: [...onLine('device', entry.target), ...(users ? [t('admin.audit.usersRevoked', { n: users })] : [])],
      }
    }
    case 'keys_rotated':
      return { what: t('admin.audit.action.keys_rotated'), on: onLine('key', entry.target) }
    case 'records_read':
      return {
        what: t('admin.audit.action.records_read', { counts: counts(ENTITIES, entityMany) || '0' }),
        on: onLine('sites', sites(details.sites)),
      }
    case 'conflicts_read':
      return { what: t('admin.audit.action.conflicts_read', { n: count(details, 'count') ?? 0 }), on: [] }
    case 'conflict_resolved': {
      const choice = text(details, 'choice')
      return {
        what: t('admin.audit.action.conflict_resolved', {
          entity: entityOne(text(details, 'entity')),
          choice:
            choice !== undefined && CHOICES.includes(choice) ? t(`admin.audit.choice.${choice}`) : (choice ?? '?'),
        }),
        on: recordLine(text(details, 'recordId')),
      }
    }
    case 'duplicates_read':
      return {
        what: t('admin.audit.action.duplicates_read', {
          pairs: count(details, 'pairs') ?? 0,
          merges: count(details, 'merges') ?? 0,
        }),
        on: [],
      }
    case 'cases_merged':
    case 'merge_undone':
      return {
        what: t(`admin.audit.action.${entry.action}`),
        on: [...onLine('kept', caseOr(text(details, 'keepId'))), ...onLine('merged', caseOr(text(details, 'mergeId')))],
      }
    case 'cases_marked_distinct':
    case 'distinct_undone':
      return {
        what: t(`admin.audit.action.${entry.action}`),
        on: onLine(
          'cases',
          [text(details, 'aId'), text(details, 'bId')].filter(Boolean).map(caseOr).join(t('app.listSeparator')),
        ),
      }
    case 'export':
      return { what: exportWords(t, lang, entry.target ?? '', details, sites, entityMany), on: [] }
    case 'courier_upload': {
      const refused = text(details, 'refused')
      const what = refused
        ? t('admin.audit.action.courierRefused', { reason: text(details, 'reason') ?? refused })
        : t('admin.audit.action.courier_upload', {
            counts: counts(COURIER_STATUSES, (status) => t(`admin.audit.status.${status}`)) || '0',
          })
      return { what, on: onLine('device', entry.target) }
    }
    case 'rejection_accepted':
    case 'rejection_discarded':
      return {
        what: t(`admin.audit.action.${entry.action}`, { entity: entityOne(text(details, 'entity')) }),
        on: [
          ...recordLine(entry.target),
          // deleted by a withdrawal of consent, not by a supervisor's choice
          ...(text(details, 'reason') === 'consent_withdrawn' ? [t('admin.audit.discardedOnWithdrawal')] : []),
        ],
      }
    default:
      return { what: t('admin.audit.action.unknown', { code: entry.action }), on: onLine('target', entry.target) }
  }
}

function address(t: TFunction, details: Details): string[] {
  const at = text(details, 'address')
  return at ? [t('admin.audit.on.address', { id: at })] : []
}

/** "Role: Registrar → Supervisor", one line per field that changed. */
function userChanges(
  t: TFunction,
  details: Details,
  role: (code: unknown) => string,
  sites: (value: unknown) => string | undefined,
): string[] {
  const lines: string[] = []
  for (const [field, change] of Object.entries(details)) {
    if (typeof change !== 'object' || change === null) continue
    const { from, to } = change as { from?: unknown; to?: unknown }
    if (field === 'active') lines.push(t(to === false ? 'admin.audit.change.disabled' : 'admin.audit.change.enabled'))
    else if (field === 'role') lines.push(t('admin.audit.change.role', { from: role(from), to: role(to) }))
    else if (field === 'sites') lines.push(t('admin.audit.change.sites', { from: sites(from), to: sites(to) }))
    else if (field === 'name') lines.push(t('admin.audit.change.name', { from: String(from), to: String(to) }))
  }
  return lines
}

function exportWords(
  t: TFunction,
  lang: string,
  target: string,
  details: Details,
  sites: (value: unknown) => string | undefined,
  entityMany: (code: string) => string,
): string {
  const format = (text(details, 'format') ?? '?').toUpperCase()
  const where = sites(details.sites) ?? t('admin.audit.allSites')
  const day = (key: string) => {
    const value = text(details, key)
    return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDay(value, lang) : value
  }
  const from = day('from')
  const to = day('to')
  const days =
    from && to
      ? t('admin.audit.days.both', { from, to })
      : from
        ? t('admin.audit.days.from', { from })
        : to
          ? t('admin.audit.days.to', { to })
          : ''
  const aggregate = target.startsWith('aggregate/') ? target.slice('aggregate/'.length) : undefined
  if (aggregate !== undefined) {
    const name = AGGREGATES.includes(aggregate) ? t(`exports.aggregate.${aggregate}`) : aggregate
    return t('admin.audit.export.figures', { what: name, format, sites: where, days })
  }
  const kind = details.personal === true ? 'personal' : 'anonymous'
  return t(`admin.audit.export.${kind}`, { what: entityMany(target), format, sites: where, days })
}
