/**
 * The tallies on this phone, read once when a tally form opens (the newest few hundred):
 * what the usual answers of each point are worked out from. Empty until read.
 */
import { useEffect, useState } from 'react'
import { useDb } from '@/components/app-context'
import { recentRecords } from '@/data/recent-records'
import type { FlowCount } from '@/shared/schemas/flow-count'

/** Enough for weeks at one point, and cheap to open on a low-end phone. */
const RECENT_TALLIES = 500

export function useRecentTallies(): FlowCount[] {
  const db = useDb()
  const [recent, setRecent] = useState<FlowCount[]>([])
  useEffect(() => {
    let cancelled = false
    recentRecords(db, 'flowCount', RECENT_TALLIES)
      .then((records) => !cancelled && setRecent(records.map((r) => r.data)))
      .catch(() => undefined) // suggestions only
    return () => {
      cancelled = true
    }
  }, [db])
  return recent
}
