/**
 * Site names in the interface language. The server holds one name per site; those of the
 * seed sites (server/seed/sites.csv, in English) are translated in the locale files
 * (`siteNames.<code>`) and shown so while the stored name is still the seed's. A name an
 * admin typed is shown as typed, in every language: it is the admin's own word.
 */
import type { TFunction } from 'i18next'
import type { Site } from '@/shared/schemas/site'

/** The names server/seed/sites.csv gives (a test keeps the two the same). */
export const SEED_SITE_NAMES: Readonly<Record<string, string>> = {
  'AGZ-TC': 'Agadez transit centre',
  'ARL-TC': 'Arlit transit centre',
  'DRK-TC': 'Dirkou transit centre',
  'NIA-TC1': 'Niamey transit centre 1',
  'NIA-TC2': 'Niamey transit centre 2',
  'NIA-TC3': 'Niamey centre for unaccompanied minors and vulnerable women',
  'ARL-FMP': 'Arlit flow monitoring point',
  'SEG-FMP': 'Séguédine flow monitoring point',
  'MAD-FMP': 'Madama flow monitoring point',
  'DBT-FMP': 'Dan Barto flow monitoring point',
  'MAG-FMP': 'Magaria flow monitoring point',
  'TAH-FMP': 'Tahoua flow monitoring point',
  'DIS-FMP': 'Dan Issa flow monitoring point',
  'AGZ-IP': 'Agadez information point',
  'ASK-IP': 'Assamaka information point',
  'BIL-IP': 'Bilma information point',
}

/** The name of `site` to show in the language of `t`. */
export function siteName(site: Pick<Site, 'code' | 'name'>, t: TFunction): string {
  if (!Object.hasOwn(SEED_SITE_NAMES, site.code) || SEED_SITE_NAMES[site.code] !== site.name) return site.name
  return t(`siteNames.${site.code}`, { defaultValue: site.name })
}

/** The sites with their names in the language of `t`, sorted by those names. */
export function localizeSites<S extends Pick<Site, 'code' | 'name'>>(
  sites: readonly S[],
  t: TFunction,
  lang: string,
): S[] {
  const collator = new Intl.Collator(lang)
  return sites.map((site) => ({ ...site, name: siteName(site, t) })).sort((a, b) => collator.compare(a.name, b.name))
}
