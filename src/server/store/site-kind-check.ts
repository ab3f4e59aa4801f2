/**
 * A record's site, checked when the record is made or moves: a site the server knows,
 * of the kind that keeps such records (shared/site-kinds.ts). An admin may write at
 * every site, and a client of another make could name any code: without this, a case at
 * a checkpoint or a tally at a made-up site would be stored and counted. A registration
 * that moves is a transfer, checked by the case file's own rule (case-file.ts). Whether
 * the site is still active is not asked: work done offline before a site closed is kept.
 */
import type { Entity } from '../../shared/schemas/entities'
import type { FieldError } from '../../shared/schemas/sync'
import { ENTITY_SITE_KIND } from '../../shared/site-kinds'
import type { Trx } from './change-transaction'
import type { StoredRecord } from './records'

/** Each transaction's sites read so far: code → kind (null: no such site). A batch reads each site once. */
const kindsRead = new WeakMap<Trx, Map<string, string | null>>()

async function siteKind(trx: Trx, code: string): Promise<string | null> {
  let kinds = kindsRead.get(trx)
  if (!kinds) kindsRead.set(trx, (kinds = new Map()))
  if (!kinds.has(code)) {
    const site = await trx.selectFrom('sites').select('kind').where('code', '=', code).executeTakeFirst()
    kinds.set(code, site?.kind ?? null)
  }
  return kinds.get(code) ?? null
}

export async function siteKindErrors(
  trx: Trx,
  entity: Entity,
  existing: StoredRecord | undefined,
  siteCode: string,
): Promise<FieldError[]> {
  if (existing && (existing.siteCode === siteCode || entity === 'registration')) return []
  const wanted = ENTITY_SITE_KIND[entity]
  if ((await siteKind(trx, siteCode)) === wanted) return []
  return [{ path: ['siteCode'], code: 'wrong_site_kind', message: `A ${entity} is kept at a site of kind ${wanted}` }]
}
