/**
 * How many records need attention, live, for any screen that shows it: one read shared
 * by them all (data/attention.ts). Undefined until first read; a failed read is thrown
 * to the screen's error boundary, as a live query's would be.
 */
import { useCallback, useSyncExternalStore } from 'react'
import { useDb } from '@/components/app-context'
import { attentionSnapshot, watchAttentionCount } from '@/data/attention'

export function useAttentionCount(): number | undefined {
  const db = useDb()
  const subscribe = useCallback((changed: () => void) => watchAttentionCount(db, changed), [db])
  const snapshot = useSyncExternalStore(subscribe, () => attentionSnapshot(db))
  if (snapshot.failure !== undefined) throw snapshot.failure
  return snapshot.count
}
