import { useLiveQuery } from 'dexie-react-hooks'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { listRecords, type LocalRecord } from '@/data/records'
import { listSites } from '@/data/sites'
import { getSyncStatus } from '@/data/sync-status'
import { localizeSites } from '@/i18n/site-names'
import type { Entity } from '@/shared/schemas/entities'
import type { Site } from '@/shared/schemas/site'
import { useDb, useSession } from './app-context'

/** An entity's records on this phone, newest first; undefined while loading. */
export function useRecords<E extends Entity>(entity: E): LocalRecord<E>[] | undefined {
  const db = useDb()
  return useLiveQuery(() => listRecords(db, entity), [db, entity])
}

/** All sites known on this phone, named in the interface language; undefined while loading. */
export function useSites(): Site[] | undefined {
  const db = useDb()
  const { t, i18n } = useTranslation()
  const lang = i18n.resolvedLanguage ?? 'fr'
  const sites = useLiveQuery(() => listSites(db), [db])
  return useMemo(() => sites && localizeSites(sites, t, lang), [sites, t, lang])
}

/**
 * The active sites of one kind where the user works (every one for an admin): as the
 * server said at the last sync, else as at sign-in (an admin may change them since).
 */
export function useMySites(kind: Site['kind']): Site[] | undefined {
  const db = useDb()
  const { user } = useSession()
  const sites = useSites()
  const synced = useLiveQuery(async () => (await getSyncStatus(db)).sites ?? null, [db])
  if (synced === undefined) return undefined
  const mine = new Set(synced ?? user.sites)
  return sites?.filter((s) => s.kind === kind && s.active && (user.role === 'admin' || mine.has(s.code)))
}
