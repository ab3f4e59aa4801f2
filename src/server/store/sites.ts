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

/**
 * Changes some fields of a site; 404 when it does not exist. Its kind changes only while
 * no record is kept there: a record is kept at a site of its kind (site-kind-check.ts),
 * and a transit centre's cases or a point's tallies would otherwise stand at the wrong one.
 */
export async function updateSite(db: Executor, code: string, patch: Partial<Omit<Site, 'code'>>): Promise<Site> {
  if (patch.kind !== undefined && (await kindInUse(db, code, patch.kind))) {
    const issue = { path: ['kind'], code: 'site_kind_in_use', message: 'Records are kept at this site: its kind stays' }
    throw new ApiError(400, 'invalid_request', `kind: records are kept at ${code}`, { issues: [issue] })
  }
  const { active, ...rest } = patch
  const values = { ...rest, ...(active === undefined ? {} : { active: active ? 1 : 0 }) }
  if (Object.keys(values).length > 0) await db.updateTable('sites').set(values).where('code', '=', code).execute()
  const row = await db.selectFrom('sites').selectAll().where('code', '=', code).executeTakeFirst()
  if (!row) throw notFound(`Site ${code}`)
  return toSite(row)
}

/** Whether the site has another kind than `kind` and keeps records (deleted ones aside). */
async function kindInUse(db: Executor, code: string, kind: Site['kind']): Promise<boolean> {
  const site = await db.selectFrom('sites').select('kind').where('code', '=', code).executeTakeFirst()
  if (!site || site.kind === kind) return false
  const kept = await db
    .selectFrom('records')
    .select('id')
    .where('site_code', '=', code)
    .where('deleted', '=', 0)
    .limit(1)
    .executeTakeFirst()
  return kept !== undefined
}

/** The codes among `codes` that name no site. */
export async function unknownSiteCodes(db: Executor, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return []
  const rows = await db.selectFrom('sites').select('code').where('code', 'in', codes).execute()
  const known = new Set(rows.map((row) => row.code))
  return codes.filter((code) => !known.has(code))
}
