/**
 * GET /api/v1/quarantine: records the server took out of the pull stream because they no
 * longer parsed (server/store/heal-records.ts). Ids, site, device, author and what was
 * wrong: never the record's content.
 */
import { z } from 'zod'
import { entitySchema } from './entities'
import { problemSubjectSchema } from './problem-subject'
import { fieldErrorSchema } from './sync'

export const quarantinedRecordSchema = z.object({
  recordId: z.string(),
  entity: entitySchema,
  siteCode: z.string(),
  /** The rev that did not parse. */
  rev: z.int(),
  deviceId: z.string(),
  /** What the user called the phone at sign-in; null when they did not (additive: older servers send none). */
  deviceName: z.string().nullable().optional(),
  userId: z.string(),
  errors: z.array(fieldErrorSchema),
  foundAt: z.string(),
  /**
   * What the record is about (additive: older servers send none). Its unreadable version
   * gives ids, times and codes only: the case is named from the server's readable version.
   */
  subject: problemSubjectSchema.optional(),
})
export type QuarantinedRecord = z.infer<typeof quarantinedRecordSchema>

export const quarantineListSchema = z.object({ records: z.array(quarantinedRecordSchema) })
export type QuarantineList = z.infer<typeof quarantineListSchema>
