/**
 * The possible duplicates of the supervisor's sites, read from the server (online only,
 * nothing kept on the phone), and the actions on them. A server without the duplicates
 * API (404) hides the section rather than showing an error.
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useSession } from '@/components/app-context'
import type { DuplicateList } from '@/shared/schemas/duplicates'
import type { AdminProblem, AdminResult } from '@/sync/admin-api'
import { createDuplicatesApi, type DuplicatesApi } from '@/sync/duplicates-api'

export type DuplicatesState =
  | { status: 'loading' }
  | { status: 'hidden' }
  | { status: 'ok'; list: DuplicateList }
  | { status: 'problem'; problem: AdminProblem }

export function useDuplicatesApi(): DuplicatesApi {
  const { token } = useSession()
  return useMemo(() => createDuplicatesApi({ getToken: () => token }), [token])
}

const stateOf = (answer: AdminResult<DuplicateList>): DuplicatesState =>
  answer.ok
    ? { status: 'ok', list: answer.value }
    : answer.problem.kind === 'not_found'
      ? { status: 'hidden' }
      : { status: 'problem', problem: answer.problem }

/** Loads once, and again on `reload()` (after each action, so that pairs and merges agree with the server). */
export function useDuplicates() {
  const api = useDuplicatesApi()
  const [state, setState] = useState<DuplicatesState>({ status: 'loading' })
  const [round, setRound] = useState(0)
  useEffect(() => {
    let live = true
    void api.list().then((answer) => live && setState(stateOf(answer)))
    return () => {
      live = false
    }
  }, [api, round])
  const reload = useCallback(() => setRound((r) => r + 1), [])
  return { api, state, reload }
}
