/**
 * The seed sites' names the server writes in a user's language (exports) are the names
 * the app shows from its locale files, and a name an admin typed stays as typed.
 */
import { describe, expect, it } from 'vitest'
import ar from '@/i18n/locales/ar.json'
import en from '@/i18n/locales/en.json'
import fr from '@/i18n/locales/fr.json'
import { SEED_SITE_NAMES, seedSiteName, TRANSLATED_SEED_SITE_NAMES } from '@/shared/seed-site-names'

describe('seed site names', () => {
  it('are those of the locale files, in every language the server writes', () => {
    expect(en.siteNames).toEqual(SEED_SITE_NAMES)
    expect(TRANSLATED_SEED_SITE_NAMES).toEqual({ fr: fr.siteNames, ar: ar.siteNames })
  })

  it("name a seed site in the language asked, and keep an admin's own name, or an unknown language's, as stored", () => {
    const agadez = { code: 'AGZ-TC', name: 'Agadez transit centre' }
    expect(seedSiteName(agadez, 'fr')).toBe("Centre de transit d'Agadez")
    expect(seedSiteName(agadez, 'ar')).toBe('مركز العبور في أغاديز')
    expect(seedSiteName(agadez, 'en')).toBe('Agadez transit centre')
    expect(seedSiteName(agadez, 'ha')).toBe('Agadez transit centre')
    expect(seedSiteName(agadez, undefined)).toBe('Agadez transit centre')
    expect(seedSiteName({ code: 'AGZ-TC', name: 'CT Agadez (nouveau site)' }, 'fr')).toBe('CT Agadez (nouveau site)')
    expect(seedSiteName({ code: 'ZIN-TC', name: 'Zinder' }, 'fr')).toBe('Zinder')
  })
})
