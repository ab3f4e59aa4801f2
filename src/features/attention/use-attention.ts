/** The records needing attention on this phone (live), and the online call that discards a refused change. */
import { useLiveQuery } from 'dexie-react-hooks'
import { useMemo } from 'react'
import { useDb, useSession } from '@/components/app-context'
import { listAttention, type AttentionItem } from '@/data/attention'
import { createProblemsApi, type ProblemsApi } from '@/sync/problems-api'

/** undefined while loading. */
export function useAttention(): AttentionItem[] | undefined {
  const db = useDb()
  return useLiveQuery(() => listAttention(db), [db])
}

export function useProblemsApi(): ProblemsApi {
  const { token } = useSession()
  return useMemo(() => createProblemsApi({ getToken: () => token }), [token])
}
