/**
 * What the sync chip and panel show, read live from the data layer like any other table.
 * Three live reads, not one: a live query runs again whole when anything it read
 * changes, and every save writes the outbox, so only the count of the records waiting is
 * read again after a save; the status and the records needing attention when they change
 * (that count shared with home's tile: features/attention/use-attention-count.ts).
 */
import { useLiveQuery } from 'dexie-react-hooks'
import { useMemo } from 'react'
import { getSyncStatus, hasNoLink, type SyncStatus } from '@/data/sync-status'
import { waitingRecordCount } from '@/data/waiting-records'
import { useDb } from '@/components/app-context'
import { useBrowserOnline } from '@/components/use-online'
import { useAttentionCount } from '@/features/attention/use-attention-count'

export interface SyncSummary {
  status: SyncStatus
  /** Records with a change waiting to be sent (data/waiting-records.ts), not protocol mutations. */
  waiting: number
  /** Records refused by the server or changed there too: someone must look at them. */
  attention: number
  /** Offline when the browser says so, or when the server did not answer the last attempt. */
  online: boolean
}

export function useSyncSummary(): SyncSummary | undefined {
  const db = useDb()
  const browserOnline = useBrowserOnline()
  const status = useLiveQuery(() => getSyncStatus(db), [db])
  const waiting = useLiveQuery(() => waitingRecordCount(db), [db])
  const attention = useAttentionCount()
  return useMemo(() => {
    if (status === undefined || waiting === undefined || attention === undefined) return undefined
    // until a run has failed, trust the browser's hint; after that, the server's answer
    const online = !hasNoLink(status, browserOnline)
    return { status, waiting, attention, online }
  }, [status, waiting, attention, browserOnline])
}
