/**
 * The language registry (one locale file per language) and its lazy loading: a language's
 * translations are in memory only once it was asked for, French comes along for the keys a
 * language lacks, and Arabic turns the document right to left with Western digits.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatDay } from '@/components/dates'
import { i18n, isLanguageLoaded, loadLanguage, setLanguage } from '@/i18n/i18n'
import {
  DEFAULT_LANGUAGE,
  describeLanguage,
  directionOf,
  forwardArrow,
  intlLocale,
  LANGUAGES,
  languagesOf,
} from '@/i18n/languages'
import { localizeSites, SEED_SITE_NAMES, siteName } from '@/i18n/site-names'
import { readSeedSites } from '@/server/seed/seed-sites'
import { formatBytes } from '@/features/settings/format-bytes'

type Tree = { [key: string]: string | Tree }
const LOCALES = 'src/i18n/locales'
const readLocale = (code: string) => JSON.parse(readFileSync(`${LOCALES}/${code}.json`, 'utf8')) as Tree

function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`),
  )
}

const ARABIC_INDIC_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/

describe('the language registry', () => {
  it('offers one language per locale file, French first, each named in its own language', () => {
    const files = readdirSync(LOCALES)
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.replace(/\.json$/, ''))
    expect(LANGUAGES.map((l) => l.code).sort()).toEqual(files.sort())
    expect(LANGUAGES[0]?.code).toBe(DEFAULT_LANGUAGE)
    expect(LANGUAGES.find((l) => l.code === 'ar')).toEqual({ code: 'ar', name: 'العربية', dir: 'rtl' })
    expect(LANGUAGES.find((l) => l.code === 'en')).toEqual({ code: 'en', name: 'English', dir: 'ltr' })
    expect(directionOf('fr')).toBe('ltr')
    expect(directionOf('ar')).toBe('rtl')
  })

  it('describes a language it has no entry for from its code alone, so that a new file is enough', () => {
    expect(describeLanguage('ha')).toEqual({ code: 'ha', name: 'Hausa', dir: 'ltr' })
    expect(describeLanguage('fa').dir).toBe('rtl')
    expect(languagesOf(['ha', 'ar', 'en', 'fr', 'de']).map((l) => l.code)).toEqual(['fr', 'en', 'ar', 'de', 'ha'])
  })

  it('writes numbers and dates with Western digits in every language, Arabic included', () => {
    expect(intlLocale('ar')).toBe('ar-u-nu-latn')
    const day = formatDay('2026-03-12', 'ar')
    expect(day).toMatch(/12/)
    expect(day).toMatch(/2026/)
    expect(day).not.toMatch(ARABIC_INDIC_DIGITS)
    expect(formatBytes(2_100_000, 'ar').value).toMatch(/^2[.,٫]1$/)
    // without the extension, Arabic may write ١٢ (the default of several regions, and of older ICU data)
    expect(new Intl.NumberFormat('ar-EG').format(12)).toMatch(ARABIC_INDIC_DIGITS)
    expect(new Intl.NumberFormat(intlLocale('ar-EG')).format(12)).toBe('12')
    expect(forwardArrow('fr')).toBe('→')
    expect(forwardArrow('ar')).toBe('←')
  })
})

describe('loading a language', () => {
  // runs first in this file's fresh module graph: nothing is loaded until asked for
  it('loads nothing before it is asked, then the language and French for its missing keys', async () => {
    for (const { code } of LANGUAGES) expect(isLanguageLoaded(code), code).toBe(false)
    await setLanguage('ar')
    expect(isLanguageLoaded('ar')).toBe(true)
    expect(isLanguageLoaded('fr')).toBe(true)
    expect(isLanguageLoaded('en')).toBe(false)
    expect(document.documentElement.dir).toBe('rtl')
    expect(document.documentElement.lang).toBe('ar')

    const ar = readLocale('ar')
    const fr = readLocale('fr')
    const arKeys = new Set(keys(ar))
    const missing = keys(fr).filter((k) => !arKeys.has(k))
    if (missing.length > 0) {
      console.warn(
        `ar.json lacks ${missing.length} of ${keys(fr).length} keys (shown in French), e.g. ${missing.slice(0, 10).join(', ')}`,
      )
    }
    // a key Arabic has shows in Arabic; one it lacks shows in French, never as a key path
    expect(i18n.t('siteNames.AGZ-TC')).toBe('مركز العبور في أغاديز')
    const lacking = missing[0]
    if (lacking) expect(i18n.t(lacking)).not.toBe(lacking)

    await setLanguage('en')
    expect(document.documentElement.dir).toBe('ltr')
    expect(i18n.t('siteNames.AGZ-TC')).toBe('Agadez transit centre')
  })

  it('refuses a language that has no file, saying which ones there are', async () => {
    await expect(loadLanguage('xx')).rejects.toThrow(/Unknown language "xx": the languages are fr, en/)
  })

  it('has no key in another language that French does not have (plural forms of its own aside)', () => {
    const known = new Set(keys(readLocale('fr')))
    // Arabic has six plural forms (`_zero` … `_other`) where French has `_one`, `_many` and `_other`
    const plural = /_(zero|one|two|few|many|other)$/
    const isKnown = (k: string) => known.has(k) || (plural.test(k) && known.has(k.replace(plural, '_other')))
    for (const { code } of LANGUAGES) {
      expect(
        keys(readLocale(code)).filter((k) => !isKnown(k)),
        `${code}.json keys unknown to fr.json`,
      ).toEqual([])
    }
  })
})

describe('site names', () => {
  it('knows the seed sites by the names the server seeds them with, and translates each in every language', () => {
    const seed = readSeedSites('src/server/seed/sites.csv')
    expect(Object.fromEntries(seed.map((s) => [s.code, s.name]))).toEqual(SEED_SITE_NAMES)
    for (const { code } of LANGUAGES) {
      const names = readLocale(code).siteNames as Tree | undefined
      for (const site of seed) expect(names?.[site.code], `${code} siteNames.${site.code}`).toBeTruthy()
    }
  })

  it('shows a seed site in the interface language, and a name an admin typed as typed', async () => {
    await setLanguage('fr')
    const t = i18n.t.bind(i18n)
    expect(siteName({ code: 'AGZ-TC', name: 'Agadez transit centre' }, t)).toBe("Centre de transit d'Agadez")
    expect(siteName({ code: 'AGZ-TC', name: 'CT Agadez (OIM)' }, t)).toBe('CT Agadez (OIM)')
    expect(siteName({ code: 'NEW-TC', name: 'Zinder transit centre' }, t)).toBe('Zinder transit centre')
    const sorted = localizeSites(
      [
        { code: 'SEG-FMP', name: 'Séguédine flow monitoring point' },
        { code: 'AGZ-TC', name: 'Agadez transit centre' },
        { code: 'ARL-FMP', name: 'Arlit flow monitoring point' },
      ],
      t,
      'fr',
    )
    expect(sorted.map((s) => s.name)).toEqual([
      "Centre de transit d'Agadez",
      "Point de suivi des flux d'Arlit",
      'Point de suivi des flux de Séguédine',
    ])
  })
})
