/**
 * Loads the Numbers view for a query: from the server when it answers (then kept on the
 * phone, sealed), else the view kept on the phone, shown with its time and the problem.
 */
import { useCallback, useEffect, useState } from 'react'
import { useDb } from '@/components/app-context'
import { keepNumbersView, keptNumbersView } from '@/data/kept-numbers'
import { useAdminApi } from '@/features/admin/use-admin-api'
import type { AdminProblem } from '@/sync/admin-api'
import type { NumbersQuery } from './numbers-query'
import { fetchNumbers, numbersViewSchema, type NumbersView } from './numbers-view'

export type NumbersState =
  | { status: 'loading' }
  /** Just fetched from the server. */
  | { status: 'fresh'; view: NumbersView }
  /** The server could not give this view: the one kept on the phone, and why. */
  | { status: 'kept'; view: NumbersView; problem: AdminProblem }
  /** Neither the server's view nor a kept one. */
  | { status: 'problem'; problem: AdminProblem }

export function useNumbers(query: NumbersQuery) {
  const api = useAdminApi()
  const db = useDb()
  const [round, setRound] = useState(0)
  // each answer names the request it answers: an older one is "loading" for the current request
  const request = `${query.from}|${query.to}|${query.sites.join()}|${round}`
  const [answer, setAnswer] = useState<{ request: string; state: NumbersState } | null>(null)

  useEffect(() => {
    let live = true
    void (async () => {
      const result = await fetchNumbers(api, query)
      if (result.ok) {
        if (live) setAnswer({ request, state: { status: 'fresh', view: result.view } })
        // kept for reading offline; a phone that is full or locked just keeps the older one
        await keepNumbersView(db, result.view).catch(() => undefined)
        return
      }
      const kept = numbersViewSchema.safeParse(await keptNumbersView(db).catch(() => undefined))
      if (!live) return
      setAnswer({
        request,
        state: kept.success
          ? { status: 'kept', view: kept.data, problem: result.problem }
          : { status: 'problem', problem: result.problem },
      })
    })()
    return () => {
      live = false
    }
  }, [api, db, query, request])

  const reload = useCallback(() => setRound((r) => r + 1), [])
  const state: NumbersState = answer?.request === request ? answer.state : { status: 'loading' }
  return { state, reload }
}
