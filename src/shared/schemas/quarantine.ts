/**
 * GET /api/v1/quarantine: records the server took out of the pull stream because they no
 * longer parsed (server/store/heal-records.ts). Ids, site, device, author and what was
 * wrong: never the record's content.
 */
import { z } from 'zod'
import { entitySchema } from './entities'
import { fieldErrorSchema } from './sync'

export const quarantinedRecordSchema = z.object({
  recordId: z.string(),
  entity: entitySchema,
  siteCode: z.string(),
  /** The rev that did not parse. */
  rev: z.int(),
  deviceId: z.string(),
  userId: z.string(),
  errors: z.array(fieldErrorSchema),
  foundAt: z.string(),
})
export type QuarantinedRecord = z.infer<typeof quarantinedRecordSchema>

export const quarantineListSchema = z.object({ records: z.array(quarantinedRecordSchema) })
export type QuarantineList = z.infer<typeof quarantineListSchema>
