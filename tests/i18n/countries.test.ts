import { describe, expect, it } from 'vitest'
import { countryName, countryOptions, foldForSearch } from '@/i18n/countries'

describe('country names', () => {
  it('writes Côte d’Ivoire as people here write it, in English and French', () => {
    expect(countryName('CIV', 'en')).toBe('Côte d’Ivoire')
    expect(countryName('CIV', 'fr')).toBe('Côte d’Ivoire')
    expect(countryOptions('fr').frequent.find((o) => o.code === 'CIV')?.name).toBe('Côte d’Ivoire')
    expect(countryName('CIV', 'ar')).toBe('ساحل العاج')
  })

  it('is found typed with a plain apostrophe and no accent', () => {
    expect(foldForSearch(countryName('CIV', 'en'))).toContain(foldForSearch("cote d'ivoire"))
  })
})
