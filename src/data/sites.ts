/** The site list, as last fetched from the server; read offline by forms and filters. */
import type { Site } from '@/shared/schemas/site'
import type { RelaisDb } from './db'

/** Sites ordered by name. */
export async function listSites(db: RelaisDb): Promise<Site[]> {
  const sites = await db.sites.toArray()
  return sites.sort((a, b) => a.name.localeCompare(b.name))
}

/** Replaces the whole list in one transaction (a site removed on the server goes here too). */
export async function replaceSites(db: RelaisDb, sites: readonly Site[]): Promise<void> {
  await db.transaction('rw', db.sites, async () => {
    await db.sites.clear()
    await db.sites.bulkPut([...sites])
  })
}
