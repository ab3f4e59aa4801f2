/** The synced entities and the schema of each one's `data`. */
import { z } from 'zod'
import { assistanceSchema } from './assistance'
import { caseEventSchema } from './case-event'
import { flowCountSchema } from './flow-count'
import { fmpStatusSchema } from './fmp-status'
import { referralSchema } from './referral'
import { registrationSchema } from './registration'
import { surveySchema } from './survey'

// caseEvent and fmpStatus came after the first five (additive): a client that does not know one never sends it
export const ENTITIES = [
  'registration',
  'assistance',
  'referral',
  'flowCount',
  'survey',
  'caseEvent',
  'fmpStatus',
] as const
export const entitySchema = z.enum(ENTITIES)
export type Entity = z.infer<typeof entitySchema>

export const entityDataSchemas = {
  registration: registrationSchema,
  assistance: assistanceSchema,
  referral: referralSchema,
  flowCount: flowCountSchema,
  survey: surveySchema,
  caseEvent: caseEventSchema,
  fmpStatus: fmpStatusSchema,
} as const

export type EntityData = { [E in Entity]: z.infer<(typeof entityDataSchemas)[E]> }
/** The `data` of any record: every entity carries these. */
export interface RecordBase {
  id: string
  createdAt: string
  updatedAt: string
  siteCode: string
}
