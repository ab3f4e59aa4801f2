/** What the sync chip and panel show, read live from the data layer like any other table. */
import { useLiveQuery } from 'dexie-react-hooks'
import { attentionCount } from '@/data/attention'
import { pendingCount } from '@/data/outbox'
import { getSyncStatus, type SyncStatus } from '@/data/sync-status'
import { useDb } from '@/components/app-context'
import { useBrowserOnline } from '@/components/use-online'

export interface SyncSummary {
  status: SyncStatus
  waiting: number
  /** Records refused by the server or changed there too: someone must look at them. */
  attention: number
  /** Offline when the browser says so, or when the server did not answer the last attempt. */
  online: boolean
}

export function useSyncSummary(): SyncSummary | undefined {
  const db = useDb()
  const browserOnline = useBrowserOnline()
  const data = useLiveQuery(
    async () => ({
      status: await getSyncStatus(db),
      waiting: await pendingCount(db),
      attention: await attentionCount(db),
    }),
    [db],
  )
  if (!data) return undefined
  const { status } = data
  // until a run has failed, trust the browser's hint; after that, the server's answer
  const online = browserOnline && (status.online || status.lastError === null)
  return { ...data, online }
}
