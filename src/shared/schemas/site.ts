import { z } from 'zod'
import { SITE_KINDS } from './codes'
import { siteCodeSchema, textSchema } from './common'
import { addRuleIssue } from './rule-issue'

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

/** Niger's bounding box, with a small margin: a site's coordinates fall inside it. */
export const NIGER_BOUNDS = { minLat: 11.5, maxLat: 23.6, minLon: 0, maxLon: 16.1 } as const

/** Coordinates come as a pair (both or neither) and lie in Niger: rules `coordinates_pair`, `outside_niger`. */
function checkCoordinates(site: { lat?: number | null; lon?: number | null }, ctx: z.RefinementCtx): void {
  const hasLat = site.lat !== undefined && site.lat !== null
  const hasLon = site.lon !== undefined && site.lon !== null
  if (hasLat !== hasLon) {
    const missing = hasLat ? 'lon' : 'lat'
    addRuleIssue(ctx, 'coordinates_pair', [missing], 'Give both latitude and longitude, or neither')
    return
  }
  if (site.lat !== undefined && site.lon === undefined) {
    // a patch that changes one without the other would leave a pair that was never checked
    addRuleIssue(ctx, 'coordinates_pair', ['lon'], 'Give both latitude and longitude, or neither')
  } else if (site.lon !== undefined && site.lat === undefined) {
    addRuleIssue(ctx, 'coordinates_pair', ['lat'], 'Give both latitude and longitude, or neither')
  }
  const { minLat, maxLat, minLon, maxLon } = NIGER_BOUNDS
  if (hasLat && ((site.lat as number) < minLat || (site.lat as number) > maxLat))
    addRuleIssue(ctx, 'outside_niger', ['lat'], `Latitude in Niger lies between ${minLat} and ${maxLat}`)
  if (hasLon && ((site.lon as number) < minLon || (site.lon as number) > maxLon))
    addRuleIssue(ctx, 'outside_niger', ['lon'], `Longitude in Niger lies between ${minLon} and ${maxLon}`)
}

// requests are strict (an unknown field is an error); answers are read leniently (a newer server may add fields)
const newSiteShape = z.strictObject({ ...siteSchema.shape, active: z.boolean().default(true) })
export const newSiteSchema = newSiteShape.superRefine(checkCoordinates)
export type NewSite = z.input<typeof newSiteSchema>
/** The code is the site's key in every record: it never changes (an unknown field here). */
export const sitePatchSchema = newSiteShape
  .omit({ code: true, active: true })
  .extend({ active: z.boolean() })
  .partial()
  .superRefine(checkCoordinates)
export type SitePatch = z.input<typeof sitePatchSchema>
