import { useLiveQuery } from 'dexie-react-hooks'
import { listRecords, type LocalRecord } from '@/data/records'
import { listSites } from '@/data/sites'
import type { Entity } from '@/shared/schemas/entities'
import type { Site } from '@/shared/schemas/site'
import { useDb, useSession } from './app-context'

/** An entity's records on this phone, newest first; undefined while loading. */
export function useRecords<E extends Entity>(entity: E): LocalRecord<E>[] | undefined {
  const db = useDb()
  return useLiveQuery(() => listRecords(db, entity), [db, entity])
}

/** All sites known on this phone; undefined while loading. */
export function useSites(): Site[] | undefined {
  const db = useDb()
  return useLiveQuery(() => listSites(db), [db])
}

/** The active sites of one kind where the user works (every one for an admin). */
export function useMySites(kind: Site['kind']): Site[] | undefined {
  const { user } = useSession()
  const sites = useSites()
  return sites?.filter((s) => s.kind === kind && s.active && (user.role === 'admin' || user.sites.includes(s.code)))
}
