/**
 * The admin API for the signed-in user, and a small loader for screens that show what
 * the server answers. These screens are online only: nothing is kept on the phone.
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useSession } from '@/components/app-context'
import { createAdminApi, type AdminApi, type AdminProblem, type AdminResult } from '@/sync/admin-api'

export function useAdminApi(): AdminApi {
  const { token } = useSession()
  return useMemo(() => createAdminApi({ getToken: () => token }), [token])
}

export type Remote<T> =
  { status: 'loading' } | { status: 'ok'; value: T } | { status: 'problem'; problem: AdminProblem }

/** Loads once, and again on `reload()`; `load` must be stable (useCallback). */
export function useRemote<T>(load: () => Promise<AdminResult<T>>) {
  const [state, setState] = useState<Remote<T>>({ status: 'loading' })
  const [round, setRound] = useState(0)
  useEffect(() => {
    let live = true
    void load().then((result) => {
      if (!live) return
      setState(result.ok ? { status: 'ok', value: result.value } : { status: 'problem', problem: result.problem })
    })
    return () => {
      live = false
    }
  }, [load, round])
  const reload = useCallback(() => {
    setState({ status: 'loading' })
    setRound((r) => r + 1)
  }, [])
  /** Replaces the value after a change the server confirmed (no second round trip). */
  const update = useCallback((change: (value: T) => T) => {
    setState((s) => (s.status === 'ok' ? { status: 'ok', value: change(s.value) } : s))
  }, [])
  return { state, reload, update }
}
