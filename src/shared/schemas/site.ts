import { z } from 'zod'
import { SITE_KINDS } from './codes'
import { siteCodeSchema, textSchema } from './common'

export const siteSchema = z.object({
  code: siteCodeSchema,
  name: textSchema(100),
  kind: z.enum(SITE_KINDS),
  adm1: textSchema(100),
  lat: z.number().min(-90).max(90).nullable(),
  lon: z.number().min(-180).max(180).nullable(),
  active: z.boolean(),
})
export type Site = z.infer<typeof siteSchema>

// requests are strict (an unknown field is an error); answers are read leniently (a newer server may add fields)
export const newSiteSchema = z.strictObject({ ...siteSchema.shape, active: z.boolean().default(true) })
export const sitePatchSchema = newSiteSchema
  .omit({ code: true, active: true })
  .extend({ active: z.boolean() })
  .partial()
