/** The synced entities and the schema of each one's `data`. */
import { z } from 'zod'
import { assistanceSchema } from './assistance'
import { caseEventSchema } from './case-event'
import { flowCountSchema } from './flow-count'
import { referralSchema } from './referral'
import { registrationSchema } from './registration'
import { surveySchema } from './survey'

// caseEvent came after the first five (additive): a client that does not know it never sends one
export const ENTITIES = ['registration', 'assistance', 'referral', 'flowCount', 'survey', 'caseEvent'] as const
export const entitySchema = z.enum(ENTITIES)
export type Entity = z.infer<typeof entitySchema>

export const entityDataSchemas = {
  registration: registrationSchema,
  assistance: assistanceSchema,
  referral: referralSchema,
  flowCount: flowCountSchema,
  survey: surveySchema,
  caseEvent: caseEventSchema,
} as const

export type EntityData = { [E in Entity]: z.infer<(typeof entityDataSchemas)[E]> }
/** The `data` of any record: every entity carries these. */
export interface RecordBase {
  id: string
  createdAt: string
  updatedAt: string
  siteCode: string
}
