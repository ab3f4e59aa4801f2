/** A referral of a registered person to a service or partner (MRRM). */
import { z } from 'zod'
import { breakRule, recordRule } from './rule-issue'
import { REFERRAL_STATUSES, REFERRAL_TARGETS, URGENCIES } from './codes'
import { eventDaySchema, paragraphsSchema, recordMetaShape, textSchema, userRefSchema, uuidSchema } from './common'

/** The rules of a referral beyond its fields' shapes, in words (GET /api/v1/schema); the schema checks them. */
export const REFERRAL_RULES = {
  partnerNeeded: recordRule('required_here', ['partnerName', 'to'], 'partnerName is given when to is "other_partner"'),
  partnerOnly: recordRule(
    'not_applicable',
    ['partnerName', 'to'],
    'partnerName is absent unless to is "other_partner"',
  ),
  statusOrder: recordRule('status_before_sent', ['statusOn', 'sentOn'], 'statusOn is on or after sentOn'),
}

export const referralSchema = z
  .strictObject({
    ...recordMetaShape,
    registrationId: uuidSchema,
    to: z.enum(REFERRAL_TARGETS),
    /** The partner's name, for `to: other_partner` only. */
    partnerName: textSchema(100).optional(),
    reason: paragraphsSchema(1000),
    urgency: z.enum(URGENCIES),
    consentToShare: z.boolean(),
    sentOn: eventDaySchema,
    status: z.enum(REFERRAL_STATUSES),
    statusOn: eventDaySchema,
    outcomeNotes: paragraphsSchema(2000).optional(),
    /** Who made the referral (optional: referrals made before this field have none). */
    sentBy: userRefSchema.optional(),
  })
  .superRefine((r, ctx) => {
    if (r.to === 'other_partner' && r.partnerName === undefined) {
      breakRule(ctx, REFERRAL_RULES.partnerNeeded, 'Name the partner')
    }
    if (r.to !== 'other_partner' && r.partnerName !== undefined) {
      breakRule(ctx, REFERRAL_RULES.partnerOnly, 'A partner name is only for other partners')
    }
    if (r.statusOn < r.sentOn) {
      breakRule(ctx, REFERRAL_RULES.statusOrder, 'The status date is before the date sent')
    }
  })

export type Referral = z.infer<typeof referralSchema>

/** A referral still waiting for an answer from the partner. */
export const isOpenReferral = (r: Pick<Referral, 'status'>) => r.status === 'pending' || r.status === 'accepted'
