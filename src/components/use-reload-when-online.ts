/**
 * A screen read from the server loads again by itself when the link comes back, if its
 * last load failed for lack of a connection. Apart from use-online.ts, which the sign-in
 * screen loads first: this one reads the sync status from the user's database.
 */
import { useLiveQuery } from 'dexie-react-hooks'
import { useEffect, useRef, useState } from 'react'
import { getSyncStatus } from '@/data/sync-status'
import { useDb } from './app-context'
import { useBrowserOnline } from './use-online'

/**
 * Calls `reload` when the link seems to be back, while `active`: when the browser goes
 * from offline to online, or when a sync reaches the server after `active` began (on a
 * dead link the browser may say online all along: the sync engine's own probe tells).
 */
export function useReloadWhenOnline(active: boolean, reload: () => void): void {
  const db = useDb()
  const latest = useRef(reload)
  useEffect(() => {
    latest.current = reload
  }, [reload])

  // read as a state, not as the event: a change seen between the render and the listener still counts
  const online = useBrowserOnline()
  const wasOnline = useRef(online)
  useEffect(() => {
    const before = wasOnline.current
    wasOnline.current = online
    if (active && online && !before) latest.current()
  }, [active, online])

  const lastSync = useLiveQuery(async () => (await getSyncStatus(db)).lastSuccessAt, [db])
  // when `active` began, taken at that render: a sync that succeeds before the effects run still counts
  const [since, setSince] = useState(() => (active ? new Date().toISOString() : null))
  if (active && since === null) setSince(new Date().toISOString())
  if (!active && since !== null) setSince(null)
  const handled = useRef<string | null>(null)
  useEffect(() => {
    if (!since || !lastSync || lastSync <= since || lastSync === handled.current) return
    handled.current = lastSync
    latest.current()
  }, [since, lastSync])
}
