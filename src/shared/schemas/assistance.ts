/** One assistance event delivered to a registered person (MRRM). */
import { z } from 'zod'
import { ASSISTANCE_TYPES } from './codes'
import { eventDaySchema, paragraphsSchema, recordMetaShape, textSchema, userRefSchema, uuidSchema } from './common'

/**
 * IOM as an assistance's provider, whatever the language of the phone that recorded it
 * (the form offers it as "OIM" in French): one name, so that exports and reports count
 * IOM's assistance as one provider.
 */
export const IOM_PROVIDER = 'IOM'

export const assistanceSchema = z.strictObject({
  ...recordMetaShape,
  registrationId: uuidSchema,
  providedOn: eventDaySchema,
  type: z.enum(ASSISTANCE_TYPES),
  quantity: z.int().min(1).max(10_000),
  /** IOM unit or partner that delivered it. */
  provider: textSchema(100),
  notes: paragraphsSchema(2000).optional(),
  providedBy: userRefSchema,
})

export type Assistance = z.infer<typeof assistanceSchema>
