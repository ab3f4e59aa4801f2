/**
 * Each entity's rules beyond what its JSON Schema can say (sums, fields that go
 * together, what the server checks against other records), in words, for
 * GET /api/v1/schema. Gathered from the declarations next to the code that checks each
 * rule, so that the list and the checks stay one.
 */
import { CASE_RULES } from '../case-rules'
import { authorRule } from '../record-authors'
import { REFERRAL_CONSENT_RULES } from '../referral-consent'
import { CASE_SITE_RULE, siteKindRule } from '../site-kinds'
import { CASE_EVENT_RULES } from './case-event'
import type { Entity } from './entities'
import { FLOW_COUNT_RULES } from './flow-count'
import { FMP_STATUS_RULES } from './fmp-status'
import { withPushValueRules } from './push-values'
import { REFERRAL_RULES } from './referral'
import { REGISTRATION_RULES } from './registration'
import type { RecordRule } from './rule-issue'
import { SURVEY_RULES } from './survey'
import { CLOCK_BEHIND_RULE } from '../tally-clock'

// each entity's own rules, then the rules on the values any push brings (push-values.ts)
export const ENTITY_RULES: Record<Entity, readonly RecordRule[]> = withPushValueRules({
  registration: [
    ...Object.values(REGISTRATION_RULES),
    CASE_RULES.reopen,
    CASE_RULES.caseNumber,
    CASE_RULES.transfer,
    CASE_RULES.closureDetail,
    CASE_RULES.registrationDayMoved,
    CASE_RULES.travelReadyDay,
    siteKindRule('registration'),
    authorRule('registration'),
  ],
  assistance: [CASE_RULES.assistanceDay, siteKindRule('assistance'), CASE_SITE_RULE, authorRule('assistance')],
  referral: [
    ...Object.values(REFERRAL_RULES),
    ...Object.values(REFERRAL_CONSENT_RULES),
    CASE_RULES.referralDay,
    siteKindRule('referral'),
    CASE_SITE_RULE,
    authorRule('referral'),
  ],
  flowCount: [...Object.values(FLOW_COUNT_RULES), siteKindRule('flowCount'), CLOCK_BEHIND_RULE],
  survey: [...SURVEY_RULES, siteKindRule('survey')],
  caseEvent: [
    ...Object.values(CASE_EVENT_RULES),
    CASE_RULES.transferEvent,
    CASE_RULES.serverEvent,
    siteKindRule('caseEvent'),
    CASE_SITE_RULE,
    authorRule('caseEvent'),
  ],
  fmpStatus: [...Object.values(FMP_STATUS_RULES), siteKindRule('fmpStatus')],
})
