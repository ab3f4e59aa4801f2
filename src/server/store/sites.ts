/** Sites: transit centres, flow monitoring points and information points. */
import type { Kysely, Selectable } from 'kysely'
import type { Site } from '../../shared/schemas/site'
import type { Database, SitesTable } from '../db/schema'
import { ApiError, notFound } from '../http/api-error'

type Executor = Kysely<Database>

function toSite(row: Selectable<SitesTable>): Site {
  return {
    ...row,
    lat: row.lat === null ? null : Number(row.lat),
    lon: row.lon === null ? null : Number(row.lon),
    active: row.active === 1,
  }
}

export async function listSites(db: Executor): Promise<Site[]> {
  const rows = await db.selectFrom('sites').selectAll().orderBy('code').execute()
  return rows.map(toSite)
}

export async function insertSite(db: Executor, site: Site): Promise<void> {
  await db
    .insertInto('sites')
    .values({ ...site, active: site.active ? 1 : 0 })
    .execute()
}

async function siteExists(db: Executor, code: string): Promise<boolean> {
  return (await db.selectFrom('sites').select('code').where('code', '=', code).executeTakeFirst()) !== undefined
}

const codeTaken = (code: string) => new ApiError(409, 'already_exists', `Site ${code} already exists`)

/** Adds a site; 409 when the code is taken. */
export async function createSite(db: Executor, site: Site): Promise<Site> {
  if (await siteExists(db, site.code)) throw codeTaken(site.code)
  try {
    await insertSite(db, site)
  } catch (error) {
    // two admins adding the same code at once: the primary key refuses the second
    if (await siteExists(db, site.code)) throw codeTaken(site.code)
    throw error
  }
  return site
}

/** Changes some fields of a site; 404 when it does not exist. */
export async function updateSite(db: Executor, code: string, patch: Partial<Omit<Site, 'code'>>): Promise<Site> {
  const { active, ...rest } = patch
  const values = { ...rest, ...(active === undefined ? {} : { active: active ? 1 : 0 }) }
  if (Object.keys(values).length > 0) await db.updateTable('sites').set(values).where('code', '=', code).execute()
  const row = await db.selectFrom('sites').selectAll().where('code', '=', code).executeTakeFirst()
  if (!row) throw notFound(`Site ${code}`)
  return toSite(row)
}

/** The codes among `codes` that name no site. */
export async function unknownSiteCodes(db: Executor, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return []
  const rows = await db.selectFrom('sites').select('code').where('code', 'in', codes).execute()
  const known = new Set(rows.map((row) => row.code))
  return codes.filter((code) => !known.has(code))
}
