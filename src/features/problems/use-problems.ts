/**
 * The supervisor's problems, read from the server (online only, nothing kept on the
 * phone): refused records, records the server could no longer read, and open conflicts,
 * in one list, newest first.
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useSession } from '@/components/app-context'
import type { Conflict } from '@/shared/schemas/conflicts'
import type { QuarantinedRecord } from '@/shared/schemas/quarantine'
import type { RejectedRecord } from '@/shared/schemas/rejections'
import type { AdminProblem } from '@/sync/admin-api'
import { createProblemsApi, type ProblemsApi } from '@/sync/problems-api'

export type ProblemItem =
  | { kind: 'refused'; key: string; at: string; record: RejectedRecord }
  | { kind: 'quarantined'; key: string; at: string; record: QuarantinedRecord }
  | { kind: 'conflict'; key: string; at: string; conflict: Conflict }

export type ProblemsState =
  { status: 'loading' } | { status: 'ok'; items: ProblemItem[] } | { status: 'problem'; problem: AdminProblem }

export function useProblemsApi(): ProblemsApi {
  const { token } = useSession()
  return useMemo(() => createProblemsApi({ getToken: () => token }), [token])
}

async function loadProblems(api: ProblemsApi): Promise<ProblemsState> {
  const [refused, quarantined, conflicts] = await Promise.all([
    api.listRejections(),
    api.listQuarantine(),
    api.listConflicts(),
  ])
  for (const answer of [refused, quarantined, conflicts])
    if (!answer.ok) return { status: 'problem', problem: answer.problem }
  const items: ProblemItem[] = [
    ...(refused.ok ? refused.value.records : []).map((record): ProblemItem => ({
      kind: 'refused',
      key: `r:${record.id}`,
      at: record.rejectedAt,
      record,
    })),
    ...(quarantined.ok ? quarantined.value.records : []).map((record): ProblemItem => ({
      kind: 'quarantined',
      key: `q:${record.recordId}:${record.rev}`,
      at: record.foundAt,
      record,
    })),
    ...(conflicts.ok ? conflicts.value : []).map((conflict): ProblemItem => ({
      kind: 'conflict',
      key: `c:${conflict.id}`,
      at: conflict.createdAt,
      conflict,
    })),
  ]
  return { status: 'ok', items: items.sort((a, b) => b.at.localeCompare(a.at)) }
}

/** Loads once, and again on `reload()`; `drop(key)` takes a resolved item out without a round trip. */
export function useProblems() {
  const api = useProblemsApi()
  const [state, setState] = useState<ProblemsState>({ status: 'loading' })
  const [round, setRound] = useState(0)
  useEffect(() => {
    let live = true
    void loadProblems(api).then((next) => live && setState(next))
    return () => {
      live = false
    }
  }, [api, round])
  const reload = useCallback(() => {
    setState({ status: 'loading' })
    setRound((r) => r + 1)
  }, [])
  const drop = useCallback((key: string) => {
    setState((s) => (s.status === 'ok' ? { status: 'ok', items: s.items.filter((item) => item.key !== key) } : s))
  }, [])
  return { state, reload, drop }
}
