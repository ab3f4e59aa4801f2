/** The user forms' fields and the mapping of schema or server issues to their messages. */
import { tooBigMessage } from '@/components/field-message'
import type { Role } from '@/shared/schemas/auth'

export type UserField = 'username' | 'name' | 'password' | 'role' | 'sites'
/** i18n keys, per field, plus `form` for what belongs to no field. */
export type UserErrors = Partial<Record<UserField | 'form', string>>

export interface UserValues {
  username: string
  name: string
  password: string
  role: Role | ''
  sites: string[]
}

export const emptyUser = (): UserValues => ({ username: '', name: '', password: '', role: '', sites: [] })

export const USER_LABELS: Record<UserField, string> = {
  username: 'admin.users.username',
  name: 'admin.users.name',
  password: 'admin.users.password',
  role: 'admin.users.role',
  sites: 'admin.users.sites',
}

interface Issue {
  readonly path: readonly PropertyKey[]
  readonly code?: string
  /** A limit, in a local check's issue (the server's answer does not say it). */
  readonly origin?: string
  readonly maximum?: number | bigint
}

/** The first issue per field wins; `values` tells "empty" from "wrong". */
export function issuesToUserErrors(issues: readonly Issue[], values: Partial<UserValues>): UserErrors {
  const errors: UserErrors = {}
  for (const issue of issues) {
    const head = issue.path[0]
    const field: UserField | 'form' = typeof head === 'string' && head in USER_LABELS ? (head as UserField) : 'form'
    if (errors[field]) continue
    errors[field] = messageKey(field, issue, values)
  }
  return errors
}

function messageKey(field: UserField | 'form', issue: Issue, values: Partial<UserValues>): string {
  const raw = field === 'form' ? undefined : values[field]
  if (typeof raw === 'string' && raw.trim() === '') return 'form.required'
  if (field === 'username') return 'admin.users.usernameRule'
  if (field === 'password') return 'admin.users.passwordRule'
  if (field === 'sites') return issue.code === 'unknown_site' ? 'admin.users.unknownSite' : 'form.invalid'
  if (issue.code === 'too_big') return tooBigMessage(issue)
  return 'form.invalid'
}
