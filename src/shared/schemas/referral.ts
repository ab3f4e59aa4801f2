/** A referral of a registered person to a service or partner (MRRM). */
import { z } from 'zod'
import { addRuleIssue } from './rule-issue'
import { REFERRAL_STATUSES, REFERRAL_TARGETS, URGENCIES } from './codes'
import { eventDaySchema, paragraphsSchema, recordMetaShape, textSchema, userRefSchema, uuidSchema } from './common'

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
      addRuleIssue(ctx, 'required_here', ['partnerName'], 'Name the partner')
    }
    if (r.to !== 'other_partner' && r.partnerName !== undefined) {
      addRuleIssue(ctx, 'not_applicable', ['partnerName'], 'A partner name is only for other partners')
    }
    if (r.statusOn < r.sentOn) {
      addRuleIssue(ctx, 'status_before_sent', ['statusOn'], 'The status date is before the date sent')
    }
  })

export type Referral = z.infer<typeof referralSchema>

/** A referral still waiting for an answer from the partner. */
export const isOpenReferral = (r: Pick<Referral, 'status'>) => r.status === 'pending' || r.status === 'accepted'
