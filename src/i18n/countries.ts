/**
 * Country names from i18n-iso-countries, in the interface languages (and Arabic, for
 * the coming RTL issue). Only these locales are bundled: the browser build of the
 * library registers none by itself.
 */
import countries from 'i18n-iso-countries'
import ar from 'i18n-iso-countries/langs/ar.json'
import en from 'i18n-iso-countries/langs/en.json'
import fr from 'i18n-iso-countries/langs/fr.json'
import { UNKNOWN_COUNTRY } from '@/shared/schemas/common'

countries.registerLocale(fr)
countries.registerLocale(en)
countries.registerLocale(ar)

/** Nationalities most often met at Niger's transit centres and checkpoints, in that order. */
export const FREQUENT_IN_NIGER = [
  'NER',
  'NGA',
  'MLI',
  'GIN',
  'SEN',
  'CIV',
  'BFA',
  'CMR',
  'GMB',
  'GHA',
  'TCD',
  'SDN',
  'SLE',
  'LBR',
  'BEN',
  'TGO',
] as const

export interface CountryOption {
  code: string
  name: string
}

const cache = new Map<string, { frequent: CountryOption[]; others: CountryOption[] }>()

/**
 * Names the library gives in a form people here would not write: its English official
 * name drops the accent, its French one keeps the hyphen of an older spelling.
 */
const OWN_NAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  en: { CIV: 'Côte d’Ivoire' },
  fr: { CIV: 'Côte d’Ivoire' },
}

/** The name of an alpha-3 code in `lang` (the code itself when the library has none). */
export function countryName(code: string, lang: string, unknownLabel = '?'): string {
  if (code === UNKNOWN_COUNTRY) return unknownLabel
  const own = OWN_NAMES[lang]?.[code]
  if (own) return own
  return countries.getName(code, lang, { select: 'official' }) ?? countries.getName(code, 'en') ?? code
}

/** Every country, the frequent ones first, then the others sorted by name in `lang`. */
export function countryOptions(lang: string): { frequent: CountryOption[]; others: CountryOption[] } {
  const cached = cache.get(lang)
  if (cached) return cached
  const frequentCodes = new Set<string>(FREQUENT_IN_NIGER)
  const frequent = FREQUENT_IN_NIGER.map((code) => ({ code, name: countryName(code, lang) }))
  const collator = new Intl.Collator(lang)
  const others = Object.keys(countries.getAlpha3Codes())
    .filter((code) => !frequentCodes.has(code))
    .map((code) => ({ code, name: countryName(code, lang) }))
    .sort((a, b) => collator.compare(a.name, b.name))
  const options = { frequent, others }
  cache.set(lang, options)
  return options
}

/** Case-, accent- and apostrophe-insensitive form, for searching names ("cote d'ivoire" finds "Côte d’Ivoire"). */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/[’‘ʼ]/gu, "'")
    .toLowerCase()
}
