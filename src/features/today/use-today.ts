/**
 * Today's read for the screen (today-read.ts), live: a save, a pull or an acknowledgement
 * redraws it. Opened again while nothing it reads was written, it draws at once.
 */
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react'
import { useDb, useSession } from '@/components/app-context'
import { siteDay } from '@/components/dates'
import { todayRead, type TodayRead } from './today-read'

export { WEEK_DAYS, type TodayData } from './today-read'

/** The site's day now, checked every minute (Today rolls over at midnight in Niger). */
function useSiteToday(): string {
  const [today, setToday] = useState(() => siteDay())
  useEffect(() => {
    const timer = setInterval(() => setToday(siteDay()), 60_000)
    return () => clearInterval(timer)
  }, [])
  return today
}

/** Today for the point `chosen` ('' for the default one); undefined while it is read. */
export function useToday(chosen: string): TodayRead | undefined {
  const db = useDb()
  const { user } = useSession()
  const today = useSiteToday()
  const read = useMemo(() => todayRead(db, user, chosen, today), [db, user, chosen, today])
  const answer = useSyncExternalStore(read.subscribe, read.snapshot)
  // storage failing: the screen's boundary says so, rather than "Loading…" for ever
  const failure = useSyncExternalStore(read.subscribe, read.failure)
  if (failure !== undefined) throw failure
  return answer
}
