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

/** The entities whose records belong to a case (`registrationId`): kept at its site, wherever it moves. */
export const CASE_PARTS: readonly Entity[] = ['assistance', 'referral', 'caseEvent']

/**
 * A case's records are read where the case is: one at another site would show its free
 * text (notes, reasons) to people who may not see the case. The server checks the
 * version it writes (store/check-links.ts); a transfer moves them itself.
 */
export const CASE_SITE_RULE = serverRule(
  'not_at_case_site',
  ['siteCode', 'registrationId'],
  'siteCode is the site of the registration the record names (registrationId) as the server holds it, whenever the record is written (made, edited, merged or chosen in a conflict); a record a batch adds to a case that batch moves may name the site the case left, and moves with it',
)

/** The rule, per entity, for GET /api/v1/schema. */
export function siteKindRule(entity: Entity): RecordRule {
  return serverRule(
    'wrong_site_kind',
    ['siteCode'],
    `siteCode names a site known to the server whose kind is "${ENTITY_SITE_KIND[entity]}", when the record is made or its site changes`,
  )
}
