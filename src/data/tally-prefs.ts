/**
 * What the tally form remembers on this phone for its user (each user has their own
 * database): the flow monitoring point last chosen, and the route of the last tally
 * saved ("same as last"). Sealed like a draft (AAD `meta:tallyPrefs`): a route is not
 * personal, but nothing typed is kept in clear.
 */
import { z } from 'zod'
import type { Sealed } from '@/shared/crypto/record-cipher'
import type { RelaisDb } from './db'
import { open, seal } from './protect'

const KEY = 'tallyPrefs'
const AAD = `meta:${KEY}`

const text = z.string().max(200)
export const tallyRouteSchema = z.object({
  direction: text,
  transport: text,
  departureCountry: text,
  departureTown: text,
  destinationCountry: text,
  destinationTown: text,
  flowType: text,
})
export type TallyRoute = z.infer<typeof tallyRouteSchema>

const tallyPrefsSchema = z.object({
  siteCode: text.optional(),
  /** The last tally saved: its site, its day at the site and its route. */
  last: z.object({ siteCode: text, day: text, route: tallyRouteSchema }).optional(),
})
export type TallyPrefs = z.infer<typeof tallyPrefsSchema>

/** The point last read or written in this tab, per database: a hint only (another tab may change it). */
const lastSiteCode = new WeakMap<RelaisDb, string>()

export async function loadTallyPrefs(db: RelaisDb): Promise<TallyPrefs> {
  const row = await db.meta.get(KEY)
  if (!row || typeof row.value !== 'object' || row.value === null) return {}
  const stored = row.value as { enc?: Sealed; prefs?: unknown }
  const parsed = tallyPrefsSchema.safeParse(await open<unknown>(db, AAD, stored, stored.prefs))
  // prefs written by another version that this one cannot read are only a convenience lost
  if (!parsed.success) return {}
  if (parsed.data.siteCode) lastSiteCode.set(db, parsed.data.siteCode)
  return parsed.data
}

export async function saveTallyPrefs(db: RelaisDb, prefs: TallyPrefs): Promise<void> {
  const value = await seal(db, AAD, tallyPrefsSchema.parse(prefs), 'prefs')
  await db.meta.put({ key: KEY, value })
  if (prefs.siteCode) lastSiteCode.set(db, prefs.siteCode)
}

/**
 * The point of the prefs this tab last read or wrote, without reading them: what a screen
 * may start reading while it reads the prefs themselves (it checks the answer after).
 */
export function likelyTallySite(db: RelaisDb): string | undefined {
  return lastSiteCode.get(db)
}
