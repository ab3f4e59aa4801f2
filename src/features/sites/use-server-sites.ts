/**
 * The sites as the server has them (admin screens, online only). Each list read is also
 * written to this phone's site list, so that the forms and filters of the admin's own
 * phone show a change at once; other phones get it at their next pull.
 */
import { useCallback, useEffect } from 'react'
import { useDb } from '@/components/app-context'
import { replaceSites } from '@/data/sites'
import { useAdminApi, useRemote } from '@/features/admin/use-admin-api'

export function useServerSites() {
  const api = useAdminApi()
  const db = useDb()
  const load = useCallback(() => api.listSites(), [api])
  const remote = useRemote(load)
  const { state } = remote
  useEffect(() => {
    if (state.status === 'ok') void replaceSites(db, state.value).catch(() => undefined)
  }, [db, state])
  return { ...remote, api }
}
