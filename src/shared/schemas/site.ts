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

export const newSiteSchema = siteSchema.extend({ active: z.boolean().default(true) })
export const sitePatchSchema = siteSchema.omit({ code: true }).partial()
