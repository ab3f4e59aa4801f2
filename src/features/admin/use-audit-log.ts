/**
 * The audit log as pages read from the server: the newest page of the chosen kind of
 * actions, and older pages added below it on demand. Nothing is kept on the phone.
 */
import { useCallback, useMemo, useRef, useState } from 'react'
import { useSession } from '@/components/app-context'
import type { AuditAction } from '@/shared/schemas/audit'
import type { AdminProblem } from '@/sync/api-call'
import { createAuditApi } from '@/sync/audit-api'
import { useRemote } from './use-admin-api'

/** The kinds of actions the screen filters by; `all` asks for every action, known or not. */
export const AUDIT_KINDS = {
  all: [],
  signIns: ['sign_in', 'sign_in_failed'],
  users: ['user_created', 'user_updated', 'password_reset', 'password_changed'],
  exports: ['export'],
  reads: ['records_read', 'conflicts_read', 'duplicates_read'],
  decisions: [
    'conflict_resolved',
    'cases_merged',
    'merge_undone',
    'cases_marked_distinct',
    'distinct_undone',
    'rejection_accepted',
    'rejection_discarded',
  ],
  courier: ['courier_upload'],
  phones: ['device_revoked', 'keys_rotated'],
  sites: ['site_created', 'site_updated'],
} satisfies Record<string, readonly AuditAction[]>
export type AuditKind = keyof typeof AUDIT_KINDS

export type OlderState = { status: 'idle' } | { status: 'loading' } | { status: 'problem'; problem: AdminProblem }

export function useAuditLog(kind: AuditKind) {
  const { token } = useSession()
  const api = useMemo(() => createAuditApi({ getToken: () => token }), [token])
  const actions: readonly AuditAction[] = AUDIT_KINDS[kind]
  const load = useCallback(() => api.list({ actions }), [api, actions])
  const { state, reload: reloadFirst, update } = useRemote(load)
  const [older, setOlder] = useState<OlderState>({ status: 'idle' })
  // a page asked for before the list started again (another kind, Refresh) is not added to it
  const round = useRef(0)

  const reload = useCallback(() => {
    round.current += 1
    setOlder({ status: 'idle' })
    reloadFirst()
  }, [reloadFirst])

  /** Adds the next older page below the entries shown. */
  const loadOlder = useCallback(async (): Promise<void> => {
    if (state.status !== 'ok' || state.value.next === null) return
    const before = state.value.next
    const asked = round.current
    setOlder({ status: 'loading' })
    const result = await api.list({ actions, before })
    if (asked !== round.current) return
    if (!result.ok) {
      setOlder({ status: 'problem', problem: result.problem })
      return
    }
    setOlder({ status: 'idle' })
    update((page) =>
      page.next === before ? { entries: [...page.entries, ...result.value.entries], next: result.value.next } : page,
    )
  }, [actions, api, state, update])

  return { state, older, reload, loadOlder }
}
