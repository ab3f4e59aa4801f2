/** Names the staff who did something (timelines), from the directory the phone last synced. */
import { useLiveQuery } from 'dexie-react-hooks'
import { useCallback } from 'react'
import { listStaff } from '@/data/staff'
import { useDb, useSession } from './app-context'

/** A user id's display name: the signed-in user's own, else the directory's; the id itself when unknown. */
export function useStaffName(): (userId: string) => string {
  const db = useDb()
  const { user } = useSession()
  const staff = useLiveQuery(() => listStaff(db), [db])
  return useCallback(
    (userId: string) => (userId === user.id ? user.name : (staff?.find((s) => s.id === userId)?.name ?? userId)),
    [staff, user.id, user.name],
  )
}
