/** Names the staff who did something (timelines, problems), from the directory the phone last synced. */
import { useLiveQuery } from 'dexie-react-hooks'
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { listStaff } from '@/data/staff'
import { useDb, useSession } from './app-context'

/**
 * A user id's display name: the signed-in user's own, else the directory's. Never the id
 * itself: a user the directory does not hold (since deleted, or named by a sync not yet
 * done) is "a user of another centre", in the user's words.
 */
export function useStaffName(): (userId: string) => string {
  const db = useDb()
  const { t } = useTranslation()
  const { user } = useSession()
  const staff = useLiveQuery(() => listStaff(db), [db])
  return useCallback(
    (userId: string) =>
      userId === user.id ? user.name : (staff?.find((s) => s.id === userId)?.name ?? t('app.unknownStaff')),
    [staff, t, user.id, user.name],
  )
}
