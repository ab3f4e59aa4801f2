/**
 * Site names in the interface language. The server holds one name per site; those of the
 * seed sites (server/seed/sites.csv, in English) are translated in the locale files
 * (`siteNames.<code>`) and shown so while the stored name is still the seed's. A name an
 * admin typed is shown as typed, in every language: it is the admin's own word.
 */
import type { TFunction } from 'i18next'
import { SEED_SITE_NAMES } from '@/shared/seed-site-names'
import type { Site } from '@/shared/schemas/site'

/** The seed's names (src/shared/seed-site-names.ts, where the server finds them too). */
export { SEED_SITE_NAMES }

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
