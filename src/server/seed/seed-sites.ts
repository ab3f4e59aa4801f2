/** A new server starts with the Niger sites of seed/sites.csv (sync-protocol.md, Other endpoints). */
import { readFileSync } from 'node:fs'
import { siteSchema, type Site } from '../../shared/schemas/site'
import type { Db } from '../db/open'
import { withJobLock } from '../store/job-lock'
import { insertSite } from '../store/sites'
import { parseCsvObjects } from './csv'

const SITES_CSV = new URL('./sites.csv', import.meta.url)

/** The seed sites, checked against the shared site schema. */
export function readSeedSites(file: URL | string = SITES_CSV): Site[] {
  return parseCsvObjects(readFileSync(file, 'utf8')).map((row, i) => {
    const parsed = siteSchema.safeParse({
      ...row,
      lat: row.lat === '' ? null : Number(row.lat),
      lon: row.lon === '' ? null : Number(row.lon),
      active: row.active === undefined ? true : row.active !== 'false',
    })
    if (!parsed.success) throw new Error(`sites.csv line ${i + 2}: ${parsed.error.issues[0]?.message}`)
    return parsed.data
  })
}

/**
 * Inserts the seed sites when the sites table is empty; returns how many it added.
 * Under the `seed-sites` lock (store/job-lock.ts): of several processes first-starting
 * on one PostgreSQL, one seeds and the others find the sites there.
 */
export async function seedSites(db: Db): Promise<number> {
  const sites = readSeedSites()
  return withJobLock(db, 'seed-sites', async (trx) => {
    const existing = await trx.selectFrom('sites').select(trx.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    if (Number(existing.n) > 0) return 0
    for (const site of sites) await insertSite(trx, site)
    return sites.length
  })
}
