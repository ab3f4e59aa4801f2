/**
 * Where each kind of record is kept: a case and everything about it at a transit centre
 * (MRRM), a tally, a survey and an FMP's closed or no-flow days at a flow monitoring
 * point (DTM). The phone offers only such sites; the server checks a record's site when
 * the record is made or moves (a client of another make could name any code).
 */
import type { SITE_KINDS } from './schemas/codes'
import type { Entity } from './schemas/entities'
import { serverRule, type RecordRule } from './schemas/rule-issue'

export const ENTITY_SITE_KIND: Record<Entity, (typeof SITE_KINDS)[number]> = {
  registration: 'transit_centre',
  assistance: 'transit_centre',
  referral: 'transit_centre',
  caseEvent: 'transit_centre',
  flowCount: 'fmp',
  survey: 'fmp',
  fmpStatus: 'fmp',
}

/** The rule, per entity, for GET /api/v1/schema. */
export function siteKindRule(entity: Entity): RecordRule {
  return serverRule(
    'wrong_site_kind',
    ['siteCode'],
    `siteCode names a site known to the server whose kind is "${ENTITY_SITE_KIND[entity]}", when the record is made or its site changes`,
  )
}
