/**
 * The languages of the interface: one per file in ./locales (locale-files.ts), so that
 * adding a language is adding its file. French is the default: it is the field's working
 * language.
 */
import { LOCALE_LOADERS } from './locale-files'

/** A language code of the interface (`fr`, `en`, `ar`…): one that has a locale file. */
export type Language = string
export type TextDirection = 'ltr' | 'rtl'

export interface LanguageInfo {
  code: Language
  /** Written in the language itself: that is how its speakers look for it. */
  name: string
  dir: TextDirection
}

/**
 * Languages we know by name and direction, in the order the switch shows them. A file for
 * a language not listed here still works: Intl names it, and RTL_LANGUAGES gives its direction.
 */
const KNOWN: readonly LanguageInfo[] = [
  { code: 'fr', name: 'Français', dir: 'ltr' },
  { code: 'en', name: 'English', dir: 'ltr' },
  { code: 'ar', name: 'العربية', dir: 'rtl' },
]
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'ckb', 'dv', 'sd', 'ug', 'yi'])

/** What the switch shows for a language code: its own name and its direction. */
export function describeLanguage(code: string): LanguageInfo {
  const known = KNOWN.find((l) => l.code === code)
  if (known) return known
  let name = code
  try {
    name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code
  } catch {
    // not a tag Intl knows: the code is the best name there is
  }
  return { code, name, dir: RTL_LANGUAGES.has(code) ? 'rtl' : 'ltr' }
}

/** The languages of `codes` (the locale files), the known ones first in their order, then by code. */
export function languagesOf(codes: Iterable<string>): LanguageInfo[] {
  const rank = (code: string) => {
    const i = KNOWN.findIndex((l) => l.code === code)
    return i === -1 ? KNOWN.length : i
  }
  return [...codes].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)).map(describeLanguage)
}

export const LANGUAGES: readonly LanguageInfo[] = languagesOf(LOCALE_LOADERS.keys())

export const DEFAULT_LANGUAGE: Language = 'fr'
/** Not personal data: the choice of language stays on the phone across users. */
export const LANGUAGE_STORAGE_KEY = 'relais.lang'

export function isLanguage(value: unknown): value is Language {
  return LANGUAGES.some((l) => l.code === value)
}

/** The language chosen on this phone, if any. */
export function storedLanguage(): Language | undefined {
  try {
    const value = globalThis.localStorage?.getItem(LANGUAGE_STORAGE_KEY)
    return isLanguage(value) ? value : undefined
  } catch {
    return undefined // storage can be blocked: as if nothing was chosen
  }
}

/** The first of the browser's languages (`en-GB` → `en`) that is one of ours. */
export function browserLanguage(preferred: readonly string[] = navigatorLanguages()): Language | undefined {
  for (const tag of preferred) {
    const primary = tag.split('-')[0]?.toLowerCase()
    if (isLanguage(primary)) return primary
  }
  return undefined
}

/** At start: the phone's choice, else the browser's language when it is one of ours, else French. */
export function initialLanguage(): Language {
  return storedLanguage() ?? browserLanguage() ?? DEFAULT_LANGUAGE
}

function navigatorLanguages(): readonly string[] {
  const nav = globalThis.navigator as Navigator | undefined
  if (!nav) return []
  return nav.languages?.length ? nav.languages : nav.language ? [nav.language] : []
}

export function storeLanguage(lang: Language): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_STORAGE_KEY, lang)
  } catch {
    // storage blocked: the choice lasts for this visit only
  }
}

/** The writing direction of `lang`. */
export function directionOf(lang: Language): TextDirection {
  return LANGUAGES.find((l) => l.code === lang)?.dir ?? 'ltr'
}

/** The arrow of "from → to" in `lang`: it points the way the line is read (← in Arabic). */
export function forwardArrow(lang: Language): string {
  return directionOf(lang) === 'rtl' ? '←' : '→'
}

/**
 * The locale Intl formats numbers and dates with for `lang`: always Western digits
 * (`ar-u-nu-latn`), as case numbers, counts and dates are copied between languages.
 */
export function intlLocale(lang: Language): string {
  return `${lang}-u-nu-latn`
}

/** `lang` and `dir` of the document follow the interface language. */
export function applyDocumentLanguage(lang: Language): void {
  if (typeof document === 'undefined') return
  document.documentElement.lang = lang
  document.documentElement.dir = directionOf(lang)
}
